using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace CreditProof.Benchmarks.Reports;

/// <summary>
/// End-to-end issuance benchmark (query, rules, PDF, signature, QR, persist) against a warm headless Chromium printing
/// the same report from HTML, plus SM2/P-256 sign and verify per operation.
/// <c>dotnet run -c Release --project bench/CreditProof.Benchmarks -- report [--provider sqlite|postgres] [--connection CS]
/// [--subjects 200] [--reports 400] [--seconds 10] [--chromium-reports 40] [--no-chromium] [--save-sample FILE.pdf]</c>
/// </summary>
public static class ReportBenchmark
{
    private static readonly string[] DomainCodes =
        ["market-regulation", "taxation", "ecology-environment", "transport", "emergency-management", "housing-construction", "fire-rescue", "human-resources-social-security"];

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Args.Parse(args);
        Console.WriteLine($"# Report issuance benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, provider {o.Provider}, load average at start {LoadAverage()}");

        await using var database = await BenchDatabase.CreateAsync(o.Provider, o.Connection);
        await using var services = Services(database.Settings);
        await using (var scope = services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
            await keys.CreateAsync(SigningAlgorithm.Sm2, "bench");
            await keys.CreateAsync(SigningAlgorithm.EcdsaP256, "bench");
        }

        var (typical, large) = await SeedAsync(database.Settings, o.Subjects);
        Console.WriteLine($"seeded {typical.Count} typical subjects (0–5 records) and one with 500 records");

        // Warm-up: JIT, font, template, key ring, connection pool.
        for (var i = 0; i < 40; i++)
            await IssueAsync(services, typical[i % typical.Count]);

        var sequential = new List<double>(o.Reports);
        IssuedReportResult? sample = null;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        for (var i = 0; i < o.Reports; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await IssueAsync(services, typical[i % typical.Count]);
            sequential.Add(sw.Elapsed.TotalMilliseconds);
            if (r.Content.RecordCount == 2 && sample is null)
                sample = r;
        }

        process.Refresh();
        var cpuPerReport = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / sequential.Count;
        var gc = $"GC per 100 reports: gen0 {(GC.CollectionCount(0) - gcBefore[0]) * 100 / sequential.Count}, gen1 {(GC.CollectionCount(1) - gcBefore[1]) * 100 / sequential.Count}, gen2 {(GC.CollectionCount(2) - gcBefore[2]) * 100 / sequential.Count}; allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / sequential.Count / 1024} KB per report";
        sample ??= await IssueAsync(services, typical[0]);
        var throughput = await ThroughputAsync(services, typical, workers: 2, TimeSpan.FromSeconds(o.Seconds));

        for (var i = 0; i < 3; i++)
            await IssueAsync(services, large);
        var largeTimes = new List<double>();
        IssuedReportResult? largeSample = null;
        for (var i = 0; i < 20; i++)
        {
            var sw = Stopwatch.StartNew();
            largeSample = await IssueAsync(services, large);
            largeTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        var phases = Phases(services, sample, largeSample!);
        if (o.SaveSample is { } samplePath)
            await File.WriteAllBytesAsync(samplePath, sample.Pdf);

        var (sm2Sign, sm2Verify) = SignVerify(SigningAlgorithm.Sm2);
        var (p256Sign, p256Verify) = SignVerify(SigningAlgorithm.EcdsaP256);

        (List<double> Times, int Pages)? chromium = null;
        if (!o.NoChromium)
            chromium = await ChromiumAsync(sample, o.ChromiumReports);

        var pages = UglyPages(sample.Pdf);
        Console.WriteLine();
        Console.WriteLine("| measurement | p50 | p95 | other |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| issuance end to end, typical subject (0–5 records), 1 worker, n={sequential.Count} | {P(sequential, 50)} ms | {P(sequential, 95)} ms | mean {F(sequential.Average())} ms |");
        Console.WriteLine($"| issuance CPU time per report (all threads of the process), typical subject | | | {F(cpuPerReport)} ms → at most {F(Environment.ProcessorCount * 1000 / cpuPerReport)} reports/s on {Environment.ProcessorCount} idle cores |");
        Console.WriteLine($"| issuance memory, typical subject | | | {gc} |");
        Console.WriteLine($"| issuance throughput, 2 workers, {o.Seconds} s (latency per report) | {throughput.P50} ms | {throughput.P95} ms | {F(throughput.PerSecond)} reports/s |");
        Console.WriteLine($"| issuance end to end, 500 records ({UglyPages(largeSample!.Pdf)} pages, {largeSample.Pdf.Length / 1024} KB), n={largeTimes.Count} | {P(largeTimes, 50)} ms | {P(largeTimes, 95)} ms | |");
        foreach (var (name, ms, kb) in phases)
            Console.WriteLine($"| {name}, CPU time alone | | | {F(ms)} ms{(kb > 0 ? $", {kb} KB allocated" : "")} |");
        Console.WriteLine($"| SM2/SM3 sign (per op) | {F(sm2Sign * 1000)} µs | | |");
        Console.WriteLine($"| SM2/SM3 verify (per op) | {F(sm2Verify * 1000)} µs | | |");
        Console.WriteLine($"| ECDSA P-256 sign (per op) | {F(p256Sign * 1000)} µs | | |");
        Console.WriteLine($"| ECDSA P-256 verify (per op) | {F(p256Verify * 1000)} µs | | |");
        if (chromium is { } c)
        {
            var ratio = Percentile(c.Times, 50) / Percentile(sequential, 50);
            Console.WriteLine($"| warm headless Chromium, setContent + pdf of the same {c.Pages}-page report (PDFsharp: {pages} pages), n={c.Times.Count} | {P(c.Times, 50)} ms | {P(c.Times, 95)} ms | |");
            Console.WriteLine($"| **ratio** Chromium render alone ÷ CreditProof issuance end to end (p50) | | | **{F(ratio)}×** |");
        }

        Console.WriteLine($"sample typical report: {sample.Content.RecordCount} records, {pages} pages, {sample.Pdf.Length / 1024} KB, QR version {sample.QrVersion}; load average at end {LoadAverage()}");
        return 0;
    }

    private static ServiceProvider Services(DatabaseSettings settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CreditProof:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }).Build();
        var services = new ServiceCollection();
        services.AddCreditProofDatabase(settings);
        services.AddCreditProofCore(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<IssuedReportResult> IssueAsync(IServiceProvider services, string subjectCode)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subjectCode, RequestedBy = "bench" });
    }

    private static async Task<(double PerSecond, string P50, string P95)> ThroughputAsync(IServiceProvider services, List<string> subjects, int workers, TimeSpan duration)
    {
        var count = 0;
        var latencies = new List<double>();
        var sw = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var i = w;
            while (sw.Elapsed < duration)
            {
                var started = sw.Elapsed;
                await IssueAsync(services, subjects[i % subjects.Count]);
                lock (latencies)
                    latencies.Add((sw.Elapsed - started).TotalMilliseconds);
                i += workers;
                Interlocked.Increment(ref count);
            }
        })).ToList();
        await Task.WhenAll(tasks);
        return (count / sw.Elapsed.TotalSeconds, P(latencies, 50), P(latencies, 95));
    }

    /// <summary>
    /// CPU time of the issuance's two heaviest steps, alone, on the sample report: QR matrix and PDF rendering (unsigned,
    /// and signed with the seal as issuance does).
    /// </summary>
    private static List<(string Name, double Ms, long AllocatedKb)> Phases(IServiceProvider services, IssuedReportResult sample, IssuedReportResult large)
    {
        var renderer = services.GetRequiredService<ReportPdfRenderer>();
        var modules = ReportPdfRenderer.QrMatrix(sample.QrText).Modules;
        var extras = new ReportPdfExtras(sample.VerificationCode, Task.FromResult(modules), "https://credit.example.gov.cn/v/x", "SM2/SM3", "bench", new string('0', 64));
        (double, long) CpuMs(Action action, int n = 200)
        {
            for (var i = 0; i < n / 10; i++)
                action();
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < n; i++)
                action();
            return ((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / n, (GC.GetAllocatedBytesForCurrentThread() - allocated) / n / 1024);
        }

        double RendersPerSecond(int threads)
        {
            var count = 0;
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                while (sw.Elapsed < TimeSpan.FromSeconds(3))
                {
                    renderer.Render(sample.Content, ReportTemplateStore.Default, extras);
                    Interlocked.Increment(ref count);
                }
            });
            return count / sw.Elapsed.TotalSeconds;
        }

        var (qrMs, qrKb) = CpuMs(() => ReportPdfRenderer.QrMatrix(sample.QrText));
        var (pdfMs, pdfKb) = CpuMs(() => renderer.Render(sample.Content, ReportTemplateStore.Default, extras));
        var (largeMs, largeKb) = CpuMs(() => renderer.Render(large.Content, ReportTemplateStore.Default, extras), 20);
        ReportSigningChain chain;
        using (var scope = services.CreateScope())
            chain = services.GetRequiredService<ReportCertificateCache>().GetActiveAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>()).GetAwaiter().GetResult();
        var signedExtras = extras with { Signing = chain };
        var (signedMs, signedKb) = CpuMs(() => renderer.Render(sample.Content, ReportTemplateStore.Default, signedExtras));
        var (bilingualMs, bilingualKb) = CpuMs(() => renderer.Render(sample.Content, ReportTemplateStore.Default, signedExtras with { Bilingual = true }));
        var one = RendersPerSecond(1);
        var two = RendersPerSecond(2);
        return
        [
            ("QR matrix (QrEncoder)", qrMs, qrKb),
            ("PDF rendering (layout, font subsets, compression)", pdfMs, pdfKb),
            ("PDF rendering of the 500-record report", largeMs, largeKb),
            ("PDF rendering with the PAdES signature and seal (as issued)", signedMs, signedKb),
            ("the same, bilingual", bilingualMs, bilingualKb),
            ($"PDF rendering, 3 s on 1 thread: {one:0}/s; on 2 threads: {two:0}/s ({two / one:0.00}×); per render", 1000 / one, 0),
        ];
    }

    private static (double SignMs, double VerifyMs) SignVerify(SigningAlgorithm algorithm)
    {
        var pair = SignatureAlgorithms.Generate(algorithm);
        using var signer = SignatureAlgorithms.CreateSigner(algorithm, pair.PrivateKey, pair.PublicKey);
        using var verifier = SignatureAlgorithms.CreateVerifier(algorithm, pair.PublicKey);
        var message = RandomNumberGenerator.GetBytes(300);
        var signature = signer.Sign(message);
        for (var i = 0; i < 300; i++)
        {
            signer.Sign(message);
            verifier.Verify(message, signature);
        }

        const int n = 3000;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
            signature = signer.Sign(message);
        var sign = sw.Elapsed.TotalMilliseconds / n;
        sw.Restart();
        var ok = true;
        for (var i = 0; i < n; i++)
            ok &= verifier.Verify(message, signature);
        var verify = sw.Elapsed.TotalMilliseconds / n;
        if (!ok)
            throw new InvalidOperationException("verification failed in the benchmark");
        return (sign, verify);
    }

    private static async Task<(List<double> Times, int Pages)> ChromiumAsync(IssuedReportResult report, int iterations)
    {
        var html = ReportHtml.Render(report.Content, ReportTemplateStore.Default, report.VerificationCode, report.QrText);
        var footer = ReportHtml.FooterTemplate(report.Content, report.VerificationCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var options = new PagePdfOptions
        {
            Format = "A4",
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = "<span></span>",
            FooterTemplate = footer,
            Margin = new Margin { Top = "24mm", Bottom = "26mm", Left = "22mm", Right = "22mm" },
        };
        byte[] pdf = [];
        for (var i = 0; i < 5; i++)
        {
            await page.SetContentAsync(html);
            pdf = await page.PdfAsync(options);
        }

        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            await page.SetContentAsync(html);
            pdf = await page.PdfAsync(options);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return (times, UglyPages(pdf));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static int UglyPages(byte[] pdf)
    {
        // Count page objects without a PDF library: "/Type /Page" not followed by "s".
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var count = 0;
        foreach (var marker in new[] { "/Type /Page", "/Type/Page" })
        {
            var at = 0;
            while ((at = text.IndexOf(marker, at, StringComparison.Ordinal)) >= 0)
            {
                at += marker.Length;
                if (at < text.Length && text[at] != 's')
                    count++;
            }
        }

        return count;
    }

    private static async Task<(List<string> Typical, string Large)> SeedAsync(DatabaseSettings settings, int subjectCount)
    {
        var random = new Random(42);
        await using var db = CreditProofDatabase.CreateContext(settings);
        var domains = await db.Domains.Where(d => DomainCodes.Contains(d.Code)).ToListAsync();
        var units = domains.Select((d, i) => new DataSourceUnit
        {
            CreditCode = CreditCode.Compose('1', '1', "140000", $"BE{i:000000}"),
            Name = $"山西省{d.NameZh}厅",
            DomainId = d.Id,
            Level = AdministrativeLevel.Province,
            RegionCode = "140000",
        }).ToList();
        db.Units.AddRange(units);
        await db.SaveChangesAsync();

        var typical = new List<string>();
        var today = new DateOnly(2026, 1, 1);
        Subject NewSubject(int n, string name)
        {
            var code = CreditCode.Compose('9', '1', "140105", $"BT{n:000000}");
            return new Subject { Id = Guid.NewGuid(), Code = code, Name = name, Type = SubjectType.Enterprise, RegionCode = "140105" };
        }

        for (var n = 0; n <= subjectCount; n++)
        {
            var large = n == subjectCount;
            var subject = NewSubject(n, large ? "临汾市基准测试五百条记录集团有限公司" : $"太原市基准测试第{n}号建材有限公司");
            db.Subjects.Add(subject);
            var records = large ? 500 : random.Next(0, 6);
            for (var k = 0; k < records; k++)
            {
                var unit = units[random.Next(units.Count)];
                db.Records.Add(new PenaltyRecord
                {
                    Id = Guid.NewGuid(), SubjectId = subject.Id, SubjectName = subject.Name, UnitId = unit.Id, DomainId = unit.DomainId,
                    DocumentNumber = $"晋罚〔{2024 + (k % 2)}〕{n}-{k}号", DecisionDate = today.AddDays(-random.Next(1, 900)),
                    Category = "罚款", Facts = "未按规定履行安全生产管理职责，经责令限期改正逾期未改正", LegalBasis = "《中华人民共和国安全生产法》第九十七条",
                    Content = "罚款人民币伍万元整", FineFen = 5_000_000, AuthorityName = unit.Name, AuthorityCode = unit.CreditCode, Channel = Channel.Demo,
                    RepairStatus = k % 4 == 3 ? RepairStatus.Repaired : RepairStatus.NotRepaired, RepairedOn = k % 4 == 3 ? today.AddDays(-10) : null,
                });
            }

            if (large)
                await db.SaveChangesAsync();
            else
                typical.Add(subject.Code);
        }

        await db.SaveChangesAsync();
        return (typical, NewSubject(subjectCount, "").Code);
    }

    private static string P(List<double> values, int p) => F(Percentile(values, p));

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string F(double v) => v.ToString(v >= 100 ? "0" : "0.0#", CultureInfo.InvariantCulture);

    private sealed record Args(DatabaseProvider Provider, string? Connection, int Subjects, int Reports, int Seconds, int ChromiumReports, bool NoChromium, string? SaveSample)
    {
        public static Args Parse(string[] args)
        {
            string? Value(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new Args(DatabaseSettings.ParseProvider(Value("--provider")), Value("--connection"), Int("--subjects", 200), Int("--reports", 400),
                Int("--seconds", 10), Int("--chromium-reports", 40), args.Contains("--no-chromium") || !File.Exists("/usr/bin/chromium"), Value("--save-sample"));
        }
    }

    /// <summary>A throwaway database: a SQLite file in the temp folder, or a fresh PostgreSQL database dropped afterwards.</summary>
    private sealed class BenchDatabase(DatabaseSettings settings, Func<Task> drop) : IAsyncDisposable
    {
        public DatabaseSettings Settings => settings;

        public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? connection)
        {
            var name = "cp_bench_" + Guid.NewGuid().ToString("N")[..10];
            BenchDatabase database;
            if (provider == DatabaseProvider.Postgres)
            {
                var server = connection ?? Environment.GetEnvironmentVariable("CREDITPROOF_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("--provider postgres needs --connection or CREDITPROOF_TEST_POSTGRES.");
                await using (var c = new NpgsqlConnection(server))
                {
                    await c.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
                    await create.ExecuteNonQueryAsync();
                }

                var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
                database = new BenchDatabase(new DatabaseSettings { Provider = provider, ConnectionString = cs }, async () =>
                {
                    NpgsqlConnection.ClearAllPools();
                    await using var c = new NpgsqlConnection(server);
                    await c.OpenAsync();
                    await using var dropCommand = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
                    await dropCommand.ExecuteNonQueryAsync();
                });
            }
            else
            {
                var dir = Path.Combine(Path.GetTempPath(), name);
                Directory.CreateDirectory(dir);
                database = new BenchDatabase(new DatabaseSettings { Provider = provider, ConnectionString = $"Data Source={Path.Combine(dir, "bench.db")};Pooling=True" }, () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(dir, recursive: true);
                    return Task.CompletedTask;
                });
            }

            await using var db = CreditProofDatabase.CreateContext(database.Settings);
            await CreditProofDatabase.MigrateAsync(db);
            return database;
        }

        public async ValueTask DisposeAsync() => await drop();
    }
}
