using System.Diagnostics;
using System.Globalization;
using CreditProof.Demo;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Benchmarks.Ingest.IngestBenchmark;

namespace CreditProof.Benchmarks.Oversight;

/// <summary>
/// <c>dashboard --records 2000000 --reports 500000 --accesses 1000000 --provider sqlite|postgres [--connection CS] [--runs 5]</c>:
/// a demo-seeded database (units of all 40 domains in 11 cities) topped up with generated records (received over four
/// years, each unit on about a third of the working days, delays 0–40 working days), reports (channels, purposes,
/// domains) and verifications, all bulk-written; the daily counts rebuilt from them once (<see cref="RawStats.RebuildAsync"/>);
/// then the dashboard built from the maintained counts and from the source tables (<see cref="StatSource.RawTables"/>),
/// in the same run, for the last 90 days and for three years. Prints medians of <c>--runs</c> runs (raw: one run).
/// </summary>
public static class DashboardBenchmark
{
    private static readonly string[] Purposes = ["金融（上市、融资、并购、发债等）", "招标投标", "政府采购", "行政审批", "资质审核", "其他"];
    private static readonly string[] Channels = [ReportChannels.PortalPrefix, ReportChannels.WindowPrefix, ReportChannels.KioskPrefix, ReportChannels.ApiPrefix];

    public static async Task<int> RunAsync(string[] args)
    {
        var records = int.Parse(Arg(args, "--records") ?? "2000000", CultureInfo.InvariantCulture);
        var reports = int.Parse(Arg(args, "--reports") ?? "500000", CultureInfo.InvariantCulture);
        var accesses = int.Parse(Arg(args, "--accesses") ?? "1000000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Arg(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var provider = DatabaseSettings.ParseProvider(Arg(args, "--provider") ?? "sqlite");
        var work = Path.Combine(Path.GetTempPath(), "creditproof-bench");
        Directory.CreateDirectory(work);
        var (settings, drop) = await CreateDatabaseAsync(provider, Arg(args, "--connection"), work);
        try
        {
            var clock = new PlatformClock(TimeProvider.System);
            var watch = Stopwatch.StartNew();
            await using (var db = CreditProofDatabase.CreateContext(settings))
            {
                await CreditProofDatabase.MigrateAsync(db);
                var keys = BenchKeys.For(settings);
                keys.EnsureLoaded();
                await new DemoSeeder(db, clock, keys).SeedAsync(new DemoSeedOptions(20_000, 7));
                await GenerateAsync(db, clock, records, reports, accesses);
            }

            var generated = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {generated.TotalSeconds:F0} s"));
            watch.Restart();
            int statRows;
            await using (var db = CreditProofDatabase.CreateContext(settings))
                statRows = await RawStats.RebuildAsync(db, clock);
            var rebuild = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dashboard {provider}: generated {records:N0} records, {reports:N0} reports, {accesses:N0} accesses in {generated.TotalSeconds:F0} s; rebuilt {statRows:N0} daily_stats rows from the source tables in {rebuild.TotalSeconds:F1} s"));

            var today = clock.Today;
            foreach (var (label, filter, granularity) in new[]
            {
                ("last 90 days, per day", new DashboardFilter(today.AddDays(-89), today), Granularity.Day),
                ("3 years, per month", new DashboardFilter(today.AddYears(-3).AddDays(1), today), Granularity.Month),
                ("3 years, per month, Taiyuan, 市场监管", new DashboardFilter(today.AddYears(-3).AddDays(1), today, "140100", 6), Granularity.Month),
            })
            {
                var aggregates = new List<double>();
                for (var i = 0; i < runs + 1; i++)
                {
                    var t = await TimeAsync(settings, clock, filter, granularity, StatSource.Aggregates);
                    if (i > 0)
                        aggregates.Add(t);
                }

                var raw = await TimeAsync(settings, clock, filter, granularity, StatSource.RawTables);
                aggregates.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label}: aggregates median {aggregates[aggregates.Count / 2]:F0} ms (min {aggregates[0]:F0}, max {aggregates[^1]:F0}); raw scan {raw:F0} ms; ratio {raw / aggregates[aggregates.Count / 2]:F0}x"));
            }

            return 0;
        }
        finally
        {
            await drop();
        }
    }

    private static async Task<double> TimeAsync(DatabaseSettings settings, PlatformClock clock, DashboardFilter filter, Granularity granularity, StatSource source)
    {
        await using var db = CreditProofDatabase.CreateContext(settings);
        var watch = Stopwatch.StartNew();
        var dashboard = await new DashboardQuery(db, clock).BuildAsync(filter, granularity, source);
        GC.KeepAlive(dashboard);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task GenerateAsync(CreditProofDbContext db, PlatformClock clock, int records, int reports, int accesses)
    {
        var random = new Random(42);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.DomainId }).ToListAsync();
        var subjects = await db.Subjects.AsNoTracking().Select(s => new { s.Id, s.Name, s.Code }).Take(20_000).ToListAsync();
        var domains = await db.Domains.AsNoTracking().Select(d => d.Id).ToListAsync();
        var start = clock.Today.AddYears(-4);
        db.Add(new SigningKey { Id = "benchkey", PublicKey = [1], EncryptedPrivateKey = [1], CreatedBy = "bench", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        using var writer = BulkWriter.For(db);
        // Each unit delivers on about a third of the days, a handful of records each time.
        var days = (clock.Today.DayNumber - start.DayNumber) + 1;
        var batch = new List<ViolationRecord>(50_000);
        for (var n = 0; n < records; n++)
        {
            var unit = units[random.Next(units.Count)];
            var subject = subjects[random.Next(subjects.Count)];
            var day = start.AddDays((unit.Id * 3 + random.Next(days / 3) * 3) % days);
            var delay = random.Next(100) < 85 ? random.Next(8) : random.Next(8, 41);
            batch.Add(new PenaltyRecord
            {
                Id = Guid.NewGuid(), SubjectId = subject.Id, SubjectName = subject.Name, UnitId = unit.Id, DomainId = unit.DomainId,
                DocumentNumber = string.Create(CultureInfo.InvariantCulture, $"基准罚〔{day.Year}〕{n}号"), DecisionDate = day.AddDays(-delay), Category = "罚款",
                Procedure = Procedure.Ordinary, Severity = Severity.General, Channel = Channel.BatchFile,
                ReceivedAt = clock.StartOfDayUtc(day).AddHours(2 + random.Next(8)), UpdatedAt = clock.StartOfDayUtc(day), ReportingDelayWorkingDays = delay,
            });
            if (batch.Count == batch.Capacity)
            {
                await writer.WriteAsync(batch);
                batch.Clear();
            }
        }

        await writer.WriteAsync(batch);
        var issued = new List<IssuedReport>(20_000);
        var numbers = new List<string>(reports);
        for (var n = 0; n < reports; n++)
        {
            var subject = subjects[random.Next(subjects.Count)];
            var at = clock.StartOfDayUtc(start.AddDays(random.Next(days))).AddHours(1 + random.Next(10));
            var number = n.ToString("D16", CultureInfo.InvariantCulture);
            numbers.Add(number);
            issued.Add(new IssuedReport
            {
                Id = Guid.NewGuid(), Number = number, VerificationCodeHash = "0", SubjectId = subject.Id, SubjectDisplayCode = subject.Code, SubjectName = subject.Name,
                PeriodFrom = start, PeriodTo = clock.Today, DomainIds = string.Join(',', Enumerable.Range(0, 1 + random.Next(4)).Select(_ => domains[random.Next(domains.Count)]).Distinct()),
                Purpose = Purposes[random.Next(Purposes.Length)], TemplateVersion = "bench", Content = [0], ContentSha256 = "0", PdfSha256 = "0", KeyId = "benchkey",
                Signature = [0], QrText = "bench", IssuedAt = at, ExpiresAt = at.AddDays(90), DataAsOf = at, RequestedBy = Channels[random.Next(Channels.Length)] + "bench",
                StatusIndex = n, Status = ReportStatus.Valid,
            });
            if (issued.Count == issued.Capacity)
            {
                await writer.WriteAsync(issued);
                issued.Clear();
            }
        }

        await writer.WriteAsync(issued);
        var kinds = new[] { AccessKind.QrVerification, AccessKind.NumberVerification, AccessKind.ShareView, AccessKind.HolderDownload };
        var log = new List<ReportAccess>(50_000);
        for (var n = 0; n < accesses; n++)
        {
            log.Add(new ReportAccess
            {
                Id = Guid.NewGuid(), ReportNumber = numbers[random.Next(numbers.Count)], Kind = kinds[random.Next(kinds.Length)], ViaApi = random.Next(10) == 0,
                At = clock.StartOfDayUtc(start.AddDays(random.Next(days))).AddHours(random.Next(12)),
            });
            if (log.Count == log.Capacity)
            {
                await writer.WriteAsync(log);
                log.Clear();
            }
        }

        await writer.WriteAsync(log);
        await transaction.CommitAsync();
    }
}
