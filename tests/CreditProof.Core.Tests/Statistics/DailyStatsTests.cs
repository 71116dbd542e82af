using System.Text.Json;
using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Statistics;
using CreditProof.Storage;
using CreditProof.Tests.Ingest;
using CreditProof.Tests.Reports;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Statistics;

/// <summary>The maintained daily counts against the source tables, after changes through every path that writes them.</summary>
[Trait("Category", "Database")]
public sealed class DailyStatsTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(ReportFixture.Now.UtcDateTime.AddHours(8));

    [Fact]
    public async Task The_maintained_counts_equal_a_recount_of_the_source_tables_and_the_dashboard_shows_them()
    {
        var clock = new PlatformClock(fixture.Time);
        await using var db = fixture.Database.CreateContext();
        // Through the context (interceptor): a unit in Taiyuan, two records about one subject, one received 9 working days late.
        var unit = await TestData.UnitAsync(db, region: "140100");
        var subject = await fixture.AddSubjectAsync("太原统计测试有限公司");
        var record = await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2026, 11, 2), r =>
        {
            r.ReceivedAt = ReportFixture.Now.UtcDateTime;
            r.ReportingDelayWorkingDays = 2;
        });
        await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2026, 11, 3), r =>
        {
            r.ReceivedAt = ReportFixture.Now.UtcDateTime;
            r.ReportingDelayWorkingDays = 9;
        });
        // And one in a whole month before: read from the monthly rollup over a long period.
        await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2026, 9, 1), r =>
        {
            r.ReceivedAt = new DateTime(2026, 9, 15, 2, 0, 0, DateTimeKind.Utc);
            r.ReportingDelayWorkingDays = 45;
        });

        // Through the bulk importer: the sample penalties and one row with a wrong check digit.
        var path = Path.Combine(Directory.CreateTempSubdirectory("cp_stats_").FullName, "penalty.csv");
        var lines = File.ReadAllLines(Path.Combine(IngestTestKit.SamplesDirectory, "penalty.csv")).ToList();
        lines.Add(lines[1].Replace("91140105MA0K12348G", "91140105MA0K12348X", StringComparison.Ordinal).Replace("〔2025〕101号", "〔2025〕999号", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(path, lines);
        var import = await IngestTestKit.ImportAsync(fixture.Database, path, unit: "11140000MB1234562G", time: fixture.Time);
        Assert.Equal(1, import.Batch.Rejected);
        // The subject of each new record is told, with the objection route and the earliest repair date (a penalty: after its minimum publicity).
        var imported = await db.Subjects.SingleAsync(s => s.Code == "91140105MA0K12348G");
        var notice = await db.Notifications.SingleAsync(n => n.RecipientKind == RecipientKind.Subject && n.RecipientId == imported.Id.ToString());
        Assert.StartsWith("record:", notice.Link, StringComparison.Ordinal);
        Assert.Contains("提出异议", notice.BodyZh, StringComparison.Ordinal);
        Assert.Matches("自20\\d\\d-\\d\\d-\\d\\d起申请信用修复", notice.BodyZh);

        // A report from the portal and one from a window; verifications by QR (page and API) and by number; a holder's download, which is no verification.
        var portal = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], Purpose = "bidding", RequestedBy = ReportChannels.PortalPrefix + subject.Code });
        await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = ReportChannels.WindowPrefix + "window:on-behalf-of:" + subject.Code });
        var log = fixture.Services.GetRequiredService<AccessLog>();
        var number = ReportNumbers.ParseNumber(portal.ReportNumber)!;
        log.Record(number, AccessKind.QrVerification, "10.0.0.1", "test");
        log.Record(number, AccessKind.QrVerification, "10.0.0.1", "test", viaApi: true);
        log.Record(number, AccessKind.NumberVerification, "10.0.0.1", "test");
        log.Record(number, AccessKind.HolderDownload, "10.0.0.1", "test");
        await log.FlushAsync(db);

        // An objection answered in time, and one still open.
        var objections = new ObjectionService(db, clock, new Notifier(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), fixture.Time),
            new AttachmentStore(Directory.CreateTempSubdirectory("cp_stats_files_").FullName), new ObjectionOptions());
        var first = await objections.SubmitAsync(new Actor(subject.Code, ActorRole.Subject, SubjectId: subject.Id), record.Id, "金额有误", []);
        await objections.AcceptAsync(new Actor("operator", ActorRole.Operator), first.Id);
        await objections.DecideAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: unit.Id), first.Id, ObjectionAction.Uphold, "处罚决定合法有效");

        var fold = fixture.Services.GetRequiredService<StatsFold>();
        Assert.True(await fold.FoldPendingAsync(db) > 0);
        Assert.Equal(0, await fold.FoldPendingAsync(db));
        Assert.Equal(0, await db.StatDeltas.CountAsync());
        var maintained = await AllAsync(db);

        // The same counts recomputed from the source tables.
        await RawStats.RebuildAsync(db, clock);
        Assert.Equal(maintained, await AllAsync(db));

        var query = new DashboardQuery(db, clock);
        var filter = new DashboardFilter(Today.AddDays(-30), Today, City: "140100");
        var fromAggregates = await query.BuildAsync(filter, Granularity.Day);
        var fromTables = await query.BuildAsync(filter, Granularity.Day, StatSource.RawTables);
        Assert.Equal(JsonSerializer.Serialize(fromTables), JsonSerializer.Serialize(fromAggregates));

        Assert.Equal(1, Series(fromAggregates.ReportsByChannel, "portal"));
        Assert.Equal(1, Series(fromAggregates.ReportsByChannel, "window"));
        Assert.Equal(1, fromAggregates.Purposes.Single(p => p.Key == ReportPurposes.Describe("bidding")).Count);
        Assert.Equal(1, Series(fromAggregates.Verifications, "qr"));
        Assert.Equal(1, Series(fromAggregates.Verifications, "api"));
        Assert.Equal(1, Series(fromAggregates.Verifications, "number"));
        Assert.Equal(0, Series(fromAggregates.Verifications, "share"));
        Assert.Equal(new HandlingFigures(1, 1, 1, 0, 0), fromAggregates.Objections);
        var row = fromAggregates.Units.Single(u => u.UnitId == unit.Id);
        Assert.Equal((2, 0, 2, 9, 0.5), (row.Received, row.Rejected, row.MedianDelay, row.P95Delay, row.LateShare));
        Assert.Equal(Today, row.LastSubmission);

        // Over whole months (the monthly rollup) and partial ones (daily rows) the same as the source tables.
        var longer = filter with { From = new DateOnly(2026, 8, 10) };
        var longFromAggregates = await query.BuildAsync(longer, Granularity.Month);
        Assert.Equal(JsonSerializer.Serialize(await query.BuildAsync(longer, Granularity.Month, StatSource.RawTables)), JsonSerializer.Serialize(longFromAggregates));
        Assert.Equal((3, 9, 30), (longFromAggregates.Units.Single(u => u.UnitId == unit.Id).Received, longFromAggregates.Units.Single(u => u.UnitId == unit.Id).MedianDelay ?? -1,
            longFromAggregates.Units.Single(u => u.UnitId == unit.Id).P95Delay ?? -1));

        // The importing unit (the provincial market regulator) is outside Taiyuan; without the city filter its rows show.
        var province = await query.BuildAsync(filter with { City = null }, Granularity.Month);
        Assert.Equal(import.Batch.Accepted, province.Units.Single(u => u.UnitId == import.Batch.UnitId).Received);
        Assert.Equal(1, province.Units.Single(u => u.UnitId == import.Batch.UnitId).Rejected);
        Assert.Equal(JsonSerializer.Serialize(await query.BuildAsync(filter with { City = null }, Granularity.Month, StatSource.RawTables)), JsonSerializer.Serialize(province));
    }

    [Fact]
    public void Median_and_95th_percentile_come_from_the_histogram()
    {
        (int, long)[] histogram = [(0, 50), (1, 30), (8, 15), (30, 5)];
        Assert.Equal(0, DashboardQuery.Percentile(histogram, 0.5));
        Assert.Equal(8, DashboardQuery.Percentile(histogram, 0.95));
        Assert.Equal(30, DashboardQuery.Percentile(histogram, 0.99));
        Assert.Null(DashboardQuery.Percentile([], 0.5));
        Assert.Equal("30+", StatMetrics.Bucket(45));
        Assert.Equal(30, StatMetrics.BucketFloor("30+"));
    }

    private static long Series(TimeChart chart, string key) => chart.Series.Single(s => s.Key == key).Values.Sum();

    private static async Task<List<string>> AllAsync(CreditProofDbContext db) =>
        [.. (await db.DailyStats.AsNoTracking().ToListAsync()).Select(s => $"{s.Metric}|{s.Day:yyyy-MM-dd}|{s.UnitId}|{s.DomainId}|{s.City}|{s.Key}|{s.Count}").Order(StringComparer.Ordinal)];
}
