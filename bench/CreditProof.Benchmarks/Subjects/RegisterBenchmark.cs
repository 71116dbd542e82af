using System.Diagnostics;
using System.Globalization;
using System.Text;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.Data.Sqlite;
using nietras.SeparatedValues;
using Npgsql;
using NpgsqlTypes;
using static CreditProof.Benchmarks.Ingest.IngestBenchmark;

namespace CreditProof.Benchmarks.Subjects;

/// <summary>
/// <c>register --rows 4000000 --provider sqlite|postgres [--connection CS] [--changes 10000] [--searches 2000]</c>: a
/// deterministic generated register imported through <c>subjects import</c>'s path into one database, against the raw
/// load of the same rows into the same table of another (SQLite: one transaction, prepared INSERT reused; PostgreSQL:
/// binary COPY), in the same run; then an incremental file of changes against the full register, and prefix searches
/// (p50/p99). Prints rows/s, the ratio, peak RSS and timings.
/// </summary>
public static class RegisterBenchmark
{
    private static readonly string[] Counties = ["140105", "140106", "140107", "140108", "140109", "140110", "140202", "140212", "140302", "140402", "140502", "140602", "140702", "140802", "140902", "141002", "141102"];
    private static readonly string[] Trade = ["晋丰", "汾河", "龙城", "太行", "吕梁", "恒通", "鑫源", "晋阳", "并州", "三晋", "华泰", "永和", "德胜", "宏达", "瑞祥", "金鼎"];
    private static readonly string[] Industry = ["商贸", "煤业", "建材", "科技", "物流", "餐饮", "农业", "能源", "机械", "医药"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = int.Parse(Arg(args, "--rows") ?? "100000", CultureInfo.InvariantCulture);
        var changes = int.Parse(Arg(args, "--changes") ?? "10000", CultureInfo.InvariantCulture);
        var searches = int.Parse(Arg(args, "--searches") ?? "2000", CultureInfo.InvariantCulture);
        var provider = DatabaseSettings.ParseProvider(Arg(args, "--provider") ?? "sqlite");
        var work = Path.Combine(Path.GetTempPath(), "creditproof-bench");
        Directory.CreateDirectory(work);
        var file = Path.Combine(work, $"register-{rows}.csv");
        if (!File.Exists(file))
            Write(file, rows, 0, rows, rename: false);
        var changeFile = Path.Combine(work, $"register-{rows}-changes-{changes}.csv");
        if (!File.Exists(changeFile))
            Write(changeFile, rows, rows / 3, changes, rename: true);

        if (args.Contains("--search-only"))
            return await SearchOnlyAsync(provider, Arg(args, "--connection"), work, file, rows, searches);

        var (importDb, dropImport) = await CreateDatabaseAsync(provider, Arg(args, "--connection"), work);
        var (rawDb, dropRaw) = await CreateDatabaseAsync(provider, Arg(args, "--connection"), work);
        try
        {
            foreach (var s in new[] { importDb, rawDb })
            {
                await using var db = CreditProofDatabase.CreateContext(s);
                await CreditProofDatabase.MigrateAsync(db);
            }

            ResetPeakRss();
            var watch = Stopwatch.StartNew();
            RegisterBatch batch;
            await using (var db = CreditProofDatabase.CreateContext(importDb))
            {
                await using var source = RowSources.Open(file, header: RegisterLayout.Header);
                batch = (await new RegisterImporter(db, new CreditProof.Platform.PlatformClock(TimeProvider.System), new CreditProof.Platform.PlatformOptions(), new RegisterOptions()).ImportAsync(source,
                    new RegisterImportRequest { FilePath = file, SubmittedBy = "bench" })).Batch;
            }

            var import = watch.Elapsed;
            var importRss = PeakRssMb();

            ResetPeakRss();
            watch.Restart();
            var raw = provider == DatabaseProvider.Postgres ? await RawCopyAsync(rawDb.ConnectionString, file) : await RawInsertAsync(rawDb.ConnectionString, file);
            var baseline = watch.Elapsed;
            var rawRss = PeakRssMb();

            ResetPeakRss();
            watch.Restart();
            RegisterBatch changed;
            await using (var db = CreditProofDatabase.CreateContext(importDb))
            {
                await using var source = RowSources.Open(changeFile, header: RegisterLayout.Header);
                changed = (await new RegisterImporter(db, new CreditProof.Platform.PlatformClock(TimeProvider.System), new CreditProof.Platform.PlatformOptions(), new RegisterOptions()).ImportAsync(source,
                    new RegisterImportRequest { FilePath = changeFile, SubmittedBy = "bench" })).Batch;
            }

            var incremental = watch.Elapsed;
            var changeRss = PeakRssMb();

            var (latencies, misses) = await SearchAsync(importDb, provider, rows, searches);
            var importRate = batch.Created / import.TotalSeconds;
            var rawRate = raw / baseline.TotalSeconds;
            var method = provider == DatabaseProvider.Postgres ? "raw binary COPY" : "raw prepared INSERT loop";
            Console.WriteLine($"provider          : {provider}");
            Console.WriteLine($"register import   : {batch.Created,10:N0} rows in {import.TotalSeconds,7:F1} s = {importRate,9:N0} rows/s, peak RSS {importRss,5} MB (rejected {batch.Rejected})");
            Console.WriteLine($"{method,-18}: {raw,10:N0} rows in {baseline.TotalSeconds,7:F1} s = {rawRate,9:N0} rows/s, peak RSS {rawRss,5} MB");
            Console.WriteLine($"ratio             : {importRate / rawRate:P0} of the {method} (target ≥ 60 %)");
            Console.WriteLine($"incremental file  : {changes:N0} rows ({changed.Updated:N0} updated, {changed.Unchanged:N0} unchanged) against {rows:N0} in {incremental.TotalSeconds:F1} s, peak RSS {changeRss} MB (target < 10 s)");
            PrintSearch(latencies, misses);
            return importRate / rawRate >= 0.6 && importRss < 300 && incremental.TotalSeconds < 10 ? 0 : 3;
        }
        finally
        {
            await dropImport();
            await dropRaw();
        }
    }

    /// <summary>
    /// <c>--search-only</c>: the register loaded raw (no import, no change file) into a migrated database, then the same
    /// prefix searches; for measuring search alone in a few minutes.
    /// </summary>
    private static async Task<int> SearchOnlyAsync(DatabaseProvider provider, string? connection, string work, string file, int rows, int searches)
    {
        var (settings, drop) = await CreateDatabaseAsync(provider, connection, work);
        try
        {
            await using (var db = CreditProofDatabase.CreateContext(settings))
                await CreditProofDatabase.MigrateAsync(db);
            var watch = Stopwatch.StartNew();
            var raw = provider == DatabaseProvider.Postgres ? await RawCopyAsync(settings.ConnectionString, file) : await RawInsertAsync(settings.ConnectionString, file);
            Console.WriteLine($"provider          : {provider}, {raw:N0} rows loaded raw in {watch.Elapsed.TotalSeconds:F1} s");
            var (latencies, misses) = await SearchAsync(settings, provider, rows, searches);
            PrintSearch(latencies, misses);
            return latencies[(int)(latencies.Count * 0.99)] < 20 ? 0 : 3;
        }
        finally
        {
            await drop();
        }
    }

    private static async Task<(List<double> Latencies, int Misses)> SearchAsync(DatabaseSettings settings, DatabaseProvider provider, int rows, int searches)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await using var c = new NpgsqlConnection(settings.ConnectionString);
            await c.OpenAsync();
            await using var analyze = new NpgsqlCommand("ANALYZE subjects", c);
            await analyze.ExecuteNonQueryAsync();
        }

        var latencies = new List<double>(searches);
        var misses = 0;
        await using (var db = CreditProofDatabase.CreateContext(settings))
        {
            var directory = new SubjectDirectory(db, new CreditProof.Platform.PlatformClock(TimeProvider.System), new CreditProof.Platform.PlatformOptions(), BenchKeys.For(settings));
            var random = new Random(7);
            for (var i = 0; i < searches + 50; i++)
            {
                var n = random.Next(rows);
                var query = (i % 3) switch
                {
                    0 => Code(n)[..10],
                    1 => Name(n)[..4],
                    _ => Name(n)[..(Name(n).Length - 2)],
                };
                var t = Stopwatch.GetTimestamp();
                var hits = await directory.SearchAsync(query, 20);
                if (i >= 50)
                    latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                // Subjects the change file renamed are no longer found by their old name.
                if (hits.Count == 0)
                    misses++;
            }
        }

        latencies.Sort();
        return (latencies, misses);
    }

    private static void PrintSearch(List<double> latencies, int misses) =>
        Console.WriteLine($"prefix search     : {latencies.Count:N0} queries, p50 {latencies[latencies.Count / 2]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms (target p99 < 20 ms on PostgreSQL), {misses} found nothing");

    private static string Code(int n)
    {
        Span<char> body = stackalloc char[8];
        body[0] = 'R';
        body[1] = 'B';
        var x = n;
        for (var p = 7; p >= 2; p--)
        {
            body[p] = CreditCode.Alphabet[x % 31];
            x /= 31;
        }

        return CreditCode.Compose('9', n % 5 == 0 ? '2' : '1', Counties[n % Counties.Length], body);
    }

    private static string Name(int n) =>
        string.Create(CultureInfo.InvariantCulture, $"{Trade[n % Trade.Length]}{Trade[n / 16 % Trade.Length]}{Industry[n / 256 % Industry.Length]}{n}{(n % 5 == 0 ? "经营部" : "有限公司")}");

    /// <summary>Rows <paramref name="first"/>… of the register; <paramref name="rename"/> writes them changed (every other renamed, the rest 吊销 or 注销).</summary>
    private static void Write(string path, int total, int first, int count, bool rename)
    {
        using var text = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        text.Write("code,name,type,region,registered_on,status,former_names\n");
        for (var i = 0; i < count; i++)
        {
            var n = (first + (int)((long)i * 7919 % Math.Max(1, total - first))) % total;
            var name = Name(n);
            var status = "存续";
            var former = n % 17 == 0 ? "原" + name : "";
            if (rename)
            {
                if (i % 2 == 0)
                {
                    former = name;
                    name = "新" + name;
                }
                else
                {
                    status = i % 4 == 1 ? "吊销" : "注销";
                }
            }

            text.Write(string.Create(CultureInfo.InvariantCulture,
                $"{Code(n)},{name},{(n % 5 == 0 ? "个体工商户" : "企业")},{Counties[n % Counties.Length]},{new DateOnly(2000, 1, 1).AddDays(n % 9000):yyyy-MM-dd},{status},{former}\n"));
        }
    }

    private static readonly string[] Columns = ["Id", "Code", "Name", "Type", "RegionCode", "CreatedAt", "InRegister", "RegisterStatus", "RegisteredOn", "StatusSince", "FormerNames", "RegisterUpdatedAt"];

    private static IEnumerable<(string Code, string Name, int Type, string Region, DateOnly RegisteredOn, string? Former)> Rows(string file)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(file);
        foreach (var row in reader)
        {
            var former = row["former_names"].ToString();
            yield return (row["code"].ToString(), row["name"].ToString(), row["type"].Span.SequenceEqual("企业") ? 1 : 2, row["region"].ToString(),
                DateOnly.ParseExact(row["registered_on"].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture), former.Length == 0 ? null : former);
        }
    }

    private static async Task<long> RawInsertAsync(string connectionString, string file)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT INTO subjects ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var p = Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        insert.Prepare();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        long count = 0;
        foreach (var r in Rows(file))
        {
            p[0].Value = BulkIds.NewVersion7().ToString().ToUpperInvariant();
            p[1].Value = r.Code;
            p[2].Value = r.Name;
            p[3].Value = r.Type;
            p[4].Value = r.Region;
            p[5].Value = now;
            p[6].Value = 1;
            p[7].Value = 1;
            p[8].Value = r.RegisteredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[9].Value = p[8].Value;
            p[10].Value = (object?)r.Former ?? DBNull.Value;
            p[11].Value = now;
            await insert.ExecuteNonQueryAsync();
            count++;
        }

        await tx.CommitAsync();
        return count;
    }

    private static async Task<long> RawCopyAsync(string connectionString, string file)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        long count = 0;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY subjects ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in Rows(file))
            {
                copy.StartRow();
                copy.Write(BulkIds.NewVersion7(), NpgsqlDbType.Uuid);
                copy.Write(r.Code, NpgsqlDbType.Varchar);
                copy.Write(r.Name, NpgsqlDbType.Varchar);
                copy.Write(r.Type, NpgsqlDbType.Integer);
                copy.Write(r.Region, NpgsqlDbType.Varchar);
                copy.Write(now, NpgsqlDbType.TimestampTz);
                copy.Write(true, NpgsqlDbType.Boolean);
                copy.Write(1, NpgsqlDbType.Integer);
                copy.Write(r.RegisteredOn, NpgsqlDbType.Date);
                copy.Write(r.RegisteredOn, NpgsqlDbType.Date);
                if (r.Former is null)
                    copy.WriteNull();
                else
                    copy.Write(r.Former, NpgsqlDbType.Varchar);
                copy.Write(now, NpgsqlDbType.TimestampTz);
                count++;
            }

            await copy.CompleteAsync();
        }

        await tx.CommitAsync();
        return count;
    }
}
