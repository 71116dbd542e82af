using System.Diagnostics;
using System.Globalization;
using CreditProof.Demo;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditProof.Benchmarks.Province;

/// <summary>
/// Issue 19: a province-scale database on PostgreSQL, made deterministically, and what the system costs at that size.
/// <c>province --connection "Host=…;Port=…;Username=postgres;Database=postgres" [--database cp_province]
/// [--subjects 4000000] [--records 20000000] [--reports 20000] [--seconds 60] [--seed 7] [--pdfs DIR] [--measure-only]</c>
/// (the PDFs go to the content-addressed store in <c>DIR</c>, default <c>data/&lt;database&gt;-pdfs</c>).
/// <para>The database is kept (it takes long to make): a second run finds the subjects there and only measures, topping
/// the issued reports up to <c>--reports</c>. Subjects and records come from <see cref="DemoSeeder"/> with a skewed mix
/// (<see cref="DemoRecordMix"/>: 70 % of subjects clean, the others log-normal, capped at 3,000), decisions since the
/// platform's collection start, in one transaction through COPY. Reports are issued by the real <see cref="ReportIssuer"/>
/// (content query, PDF, signatures, transparency, statistics): every row is one the product could have written.</para>
/// </summary>
public static class ProvinceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var server = Arg(args, "--connection") ?? Environment.GetEnvironmentVariable("CREDITPROOF_TEST_POSTGRES")
            ?? throw new ArgumentException("province needs --connection \"Host=…;Port=…;Username=postgres;Database=postgres\".");
        var name = Arg(args, "--database") ?? "cp_province";
        var subjects = Int(args, "--subjects", 4_000_000);
        var records = Int(args, "--records", 20_000_000);
        var reports = Int(args, "--reports", 20_000);
        var seconds = Int(args, "--seconds", 60);
        var seed = Int(args, "--seed", 7);

        await EnsureDatabaseAsync(server, name);
        var settings = new DatabaseSettings
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 3600, MaxPoolSize = 20 }.ConnectionString,
            PdfStorePath = Arg(args, "--pdfs") ?? Path.Combine(Environment.CurrentDirectory, "data", name + "-pdfs"),
        };
        Console.WriteLine($"# Province-scale run — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, database {name}, load average {LoadAverage()}");

        await using var services = Services(settings);
        await using (var db = CreditProofDatabase.CreateContext(settings))
        {
            await CreditProofDatabase.MigrateAsync(db, new PdfStore(settings.PdfStoreDirectory));
            if (!await db.Subjects.AnyAsync() && !args.Contains("--measure-only"))
                await SeedAsync(db, settings, subjects, records, seed);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            if (!await db.SigningKeys.AnyAsync())
                await keys.CreateAsync(SigningAlgorithm.Sm2, "province-bench");
        }

        var sample = await SampleSubjectsAsync(settings, seed);
        Console.WriteLine($"sampled {sample.Count:N0} subjects for issuance and search ({sample.Count(s => s.Records > 0):N0} with records)");
        var rows = new List<string>();
        await IssuanceAsync(services, settings, sample, reports, seconds, rows);
        await SearchAsync(services, sample, rows);
        await DashboardAsync(settings, rows);
        await SizesAsync(settings, rows);

        Console.WriteLine();
        Console.WriteLine("| measurement | value |");
        Console.WriteLine("|---|---|");
        foreach (var row in rows)
            Console.WriteLine(row);
        Console.WriteLine($"requests refused by the request rules (counted, not timed apart): {_refused}; load average at end {LoadAverage()}");
        return 0;
    }

    private static async Task SeedAsync(CreditProofDbContext db, DatabaseSettings settings, int subjects, int records, int seed)
    {
        var platform = new PlatformOptions();
        var mix = new DemoRecordMix((double)records / subjects, platform.CollectionStart);
        var watch = Stopwatch.StartNew();
        var progress = new Progress<int>(n =>
        {
            if (n % 200_000 == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {n:N0} subjects in {watch.Elapsed.TotalMinutes:F1} min"));
        });
        var result = await new DemoSeeder(db, new PlatformClock(TimeProvider.System), BenchKeys.For(settings))
            .SeedAsync(new DemoSeedOptions(subjects, seed, 20_000, mix), progress);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {result.Subjects:N0} subjects and {result.Records:N0} records (with their first versions) in {result.Elapsed.TotalMinutes:F1} min = {(result.Subjects + (2.0 * result.Records)) / result.Elapsed.TotalSeconds:N0} rows/s"));
        await using var analyze = new NpgsqlConnection(settings.ConnectionString);
        await analyze.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", analyze) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync();
    }

    private sealed record SampleSubject(string Code, string Name, int Records);

    /// <summary>Subjects drawn uniformly from the register (TABLESAMPLE), with their record counts: most are clean, as in the province.</summary>
    private static async Task<List<SampleSubject>> SampleSubjectsAsync(DatabaseSettings settings, int seed)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var total = new NpgsqlCommand("SELECT count(*) FROM subjects", connection);
        var percent = Math.Min(100, 6000.0 * 100 / Math.Max(1, Convert.ToInt64(await total.ExecuteScalarAsync(), CultureInfo.InvariantCulture)));
        await using var command = new NpgsqlCommand(
            string.Create(CultureInfo.InvariantCulture, $"""
            SELECT s."Code", s."Name", (SELECT count(*) FROM records r WHERE r."SubjectId" = s."Id")::int
            FROM subjects s TABLESAMPLE BERNOULLI ({percent:F4}) REPEATABLE ({seed}) WHERE s."Type" <> 9 AND (s."RegisterStatus" IS NULL OR s."RegisterStatus" = 1) LIMIT 4000
            """), connection);
        var list = new List<SampleSubject>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add(new SampleSubject(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        return list;
    }

    private static async Task IssuanceAsync(ServiceProvider services, DatabaseSettings settings, List<SampleSubject> sample, int target, int seconds, List<string> rows)
    {
        var typical = sample.Where(s => s.Records <= 20).Select(s => s.Code).ToList();
        for (var i = 0; i < 20; i++)
            await IssueAsync(services, typical[i % typical.Count]); // warm-up: JIT, fonts, key ring, pools

        var sequential = new List<double>();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            await IssueAsync(services, typical[i % typical.Count]);
            sequential.Add(watch.Elapsed.TotalMilliseconds);
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / sequential.Count;
        var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / sequential.Count / 1024;
        rows.Add($"| issuance, 1 worker, random register subjects with ≤ 20 records, n={sequential.Count} | p50 {P(sequential, 50)} ms, p99 {P(sequential, 99)} ms; CPU {cpu:F1} ms and {allocated:N0} KB allocated per report |");

        // Throughput with 2 workers over the whole sample (the heavy tail included), then top up to the target count.
        var latencies = new List<double>();
        var count = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = w; clock.Elapsed < TimeSpan.FromSeconds(seconds); i += 2)
            {
                var started = clock.Elapsed;
                await IssueAsync(services, sample[i % sample.Count].Code);
                lock (latencies)
                    latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                Interlocked.Increment(ref count);
            }
        })));
        rows.Add($"| issuance throughput, 2 workers, {seconds} s, sampled subjects (heavy tail included) | {count / clock.Elapsed.TotalSeconds:F1} reports/s; p50 {P(latencies, 50)} ms, p99 {P(latencies, 99)} ms |");

        await using var db = CreditProofDatabase.CreateContext(settings);
        var issued = await db.IssuedReports.CountAsync();
        if (issued < target)
        {
            Console.WriteLine($"topping up issued reports from {issued:N0} to {target:N0}");
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= target - issued)
                    await IssueAsync(services, sample[i % sample.Count].Code);
            })));
        }
    }

    /// <summary>Issues a report; a refusal (the request rules say no, e.g. a subject moved out) is counted, not fatal.</summary>
    private static async Task IssueAsync(IServiceProvider services, string code)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, RequestedBy = "province-bench" });
        }
        catch (ReportRequestException)
        {
            Interlocked.Increment(ref _refused);
        }
    }

    private static int _refused;

    /// <summary>The window's and operator's subject search: name prefixes and code prefixes of sampled subjects.</summary>
    private static async Task SearchAsync(ServiceProvider services, List<SampleSubject> sample, List<string> rows)
    {
        var random = new Random(3);
        var queries = sample.Take(700).Select((s, i) => i % 2 == 0 ? s.Name[..Math.Min(s.Name.Length, 2 + random.Next(4))] : s.Code[..10]).ToList();
        var times = new List<double>();
        for (var i = 0; i < queries.Count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var directory = scope.ServiceProvider.GetRequiredService<SubjectDirectory>();
            var watch = Stopwatch.StartNew();
            await directory.SearchAsync(queries[i]);
            if (i >= 100) // the first 100 warm the plan cache and the buffers
                times.Add(watch.Elapsed.TotalMilliseconds);
        }

        rows.Add($"| subject search (name or code prefix, 20 hits), n={times.Count} | p50 {P(times, 50)} ms, p99 {P(times, 99)} ms |");
    }

    private static async Task DashboardAsync(DatabaseSettings settings, List<string> rows)
    {
        var clock = new PlatformClock(TimeProvider.System);
        var today = clock.Today;
        var filter = new DashboardFilter(today.AddYears(-3).AddDays(1), today);
        var times = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            await using var db = CreditProofDatabase.CreateContext(settings);
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(await new DashboardQuery(db, clock).BuildAsync(filter, Granularity.Month, StatSource.Aggregates));
            if (i >= 2)
                times.Add(watch.Elapsed.TotalMilliseconds);
        }

        rows.Add($"| dashboard, 3 years per month, from the maintained counts, n={times.Count} | p50 {P(times, 50)} ms, max {times.Max():F0} ms |");
    }

    private static async Task SizesAsync(DatabaseSettings settings, List<string> rows)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        var subjects = await Scalar("SELECT count(*) FROM subjects");
        var records = await Scalar("SELECT count(*) FROM records");
        var versions = await Scalar("SELECT count(*) FROM record_versions");
        var reports = await Scalar("SELECT count(*) FROM issued_reports");
        var subjectBytes = await Scalar("SELECT pg_total_relation_size('subjects') + pg_total_relation_size('subject_changes')");
        var recordBytes = await Scalar("SELECT pg_total_relation_size('records') + pg_total_relation_size('record_versions')");
        var reportBytes = await Scalar("SELECT pg_total_relation_size('issued_reports')");
        var database = await Scalar("SELECT pg_database_size(current_database())");
        static string Gb(long bytes) => (bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " GB";
        rows.Add($"| rows | {subjects:N0} subjects, {records:N0} records, {versions:N0} record versions, {reports:N0} issued reports |");
        rows.Add($"| size: register (subjects and their history) | {Gb(subjectBytes)} = {Gb(subjectBytes * 1_000_000 / Math.Max(subjects, 1))} per million subjects |");
        rows.Add($"| size: records with their versions | {Gb(recordBytes)} = {Gb(recordBytes * 1_000_000 / Math.Max(records, 1))} per million records |");
        rows.Add($"| size: issued reports (row, content, signature; PDF where it is stored) | {Gb(reportBytes)} = {Gb(reportBytes * 1_000_000 / Math.Max(reports, 1))} per million reports |");
        rows.Add($"| database size | {Gb(database)} |");
    }

    private static async Task EnsureDatabaseAsync(string server, string name)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    private static ServiceProvider Services(DatabaseSettings settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The fixed public test key (BenchKeys): the seeded personal data must open under it.
            ["CreditProof:KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        }).Build();
        var services = new ServiceCollection();
        services.AddCreditProofDatabase(settings);
        services.AddCreditProofCore(configuration);
        return services.BuildServiceProvider();
    }

    private static string P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)].ToString("F1", CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
