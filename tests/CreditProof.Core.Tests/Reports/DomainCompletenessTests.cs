using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Units;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Reports;

/// <summary>
/// Issue 15, item 2: the platform knows until when each domain's data is complete; a domain a unit of which never
/// delivered, or has been silent for more than the limit, is 本领域数据暂不完整，不作结论 — never 未发现 — on the PDF,
/// in the content, in the QR's claims and for every verifier; every chosen domain shows its data-as-of date.
/// </summary>
[Trait("Category", "Database")]
public sealed class DomainCompletenessTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(ReportFixture.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    [Fact]
    public async Task A_domain_with_a_unit_that_never_delivered_draws_no_conclusion_until_the_unit_sends_a_zero_report()
    {
        var late = await SecondUnitAsync("ecology-environment", "吕梁市生态环境局");
        var subject = await fixture.AddSubjectAsync("吕梁市完整性测试有限公司");

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["生态环境", "税务"] });

        var ecology = report.Content.Domains.Single(d => d.Code == "ecology-environment");
        Assert.Equal(DomainVerdict.NoConclusion, ecology.Verdict);
        Assert.True(ecology.Incomplete);
        Assert.Null(ecology.DataAsOf);
        var taxation = report.Content.Domains.Single(d => d.Code == "taxation");
        Assert.Equal(DomainVerdict.NoRecord, taxation.Verdict);
        Assert.Equal(Today, taxation.DataAsOf);

        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("生态环境本领域数据暂不完整，不作结论尚未报送", text);
        Assert.DoesNotContain("生态环境未发现", text);
        Assert.Contains("税务未发现违法违规记录" + Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.Contains("20个工作日未报送的领域", text);

        // The signed content and the QR carry it, and a verifier says it, online.
        var content = ReportContent.FromCanonicalJson(await StoredContentAsync(report.ReportNumber));
        Assert.True(content.Domains.Single(d => d.Code == "ecology-environment").Incomplete);
        Assert.Equal([ecology.DomainId], QrPayload.Decode(report.QrText).Claims.IncompleteDomainIds);
        var summary = (await VerifyAsync(report.QrText)).Report!.Domains;
        Assert.True(summary.Single(d => d.Id == ecology.DomainId).NoConclusion);
        Assert.False(summary.Single(d => d.Id == ecology.DomainId).Clean);
        Assert.True(summary.Single(d => d.Id == taxation.DomainId).Clean);

        // The unit sends an empty file (零报告): the domain is complete again, as of today.
        await fixture.DeliverAsync(late, ReportFixture.Now.AddMinutes(-5));
        var after = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["生态环境"] });
        var again = after.Content.Domains.Single();
        Assert.Equal(DomainVerdict.NoRecord, again.Verdict);
        Assert.Equal(Today, again.DataAsOf);
        Assert.Empty(QrPayload.Decode(after.QrText).Claims.IncompleteDomainIds);
    }

    [Fact]
    public async Task A_unit_silent_for_longer_than_the_limit_makes_its_domain_incomplete_but_the_records_received_still_show()
    {
        var silent = await SecondUnitAsync("transport", "晋城市交通运输局");
        await fixture.DeliverAsync(silent, ReportFixture.Now.AddDays(-45));
        var subject = await fixture.AddSubjectAsync("晋城市沉默单位测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "transport", "晋交罚〔2025〕7号", new DateOnly(2025, 3, 4));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["交通运输"] });

        var transport = report.Content.Domains.Single();
        Assert.True(transport.Incomplete);
        Assert.Equal(DomainVerdict.RecordsInEffect, transport.Verdict);
        Assert.Single(transport.Records);
        // As of the silent unit's last delivery, the earliest among the domain's units.
        Assert.Equal(Today.AddDays(-45), transport.DataAsOf);
        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("发现违法违规记录1条（本领域数据暂不完整）", text);
        Assert.Contains("晋交罚〔2025〕7号", text);

        // The operator sees why: the domain, its as-of date and the silent unit with its working days.
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProof.Storage.CreditProofDbContext>();
        var data = await scope.ServiceProvider.GetRequiredService<DataCompleteness>().OfAsync(db, transport.DomainId);
        Assert.False(data.Complete);
        var why = Assert.Single(data.SilentUnits);
        Assert.Equal(silent.Id, why.UnitId);
        Assert.True(why.WorkingDaysSilent > 20, $"{why.WorkingDaysSilent} working days");
        var dashboard = await scope.ServiceProvider.GetRequiredService<DashboardQuery>().BuildAsync(new DashboardFilter(Today.AddDays(-60), Today), Granularity.Month);
        var freshness = dashboard.Freshness.Single(f => f.DomainId == transport.DomainId);
        Assert.False(freshness.Complete);
        Assert.Equal(Today.AddDays(-45), freshness.DataAsOf);
        Assert.Equal(Today.AddDays(-45), dashboard.Units.Single(u => u.UnitId == silent.Id).LastSubmission);
    }

    [Fact]
    public async Task A_failed_batch_is_no_delivery_and_a_domain_without_units_is_incomplete()
    {
        var unit = await SecondUnitAsync("health", "朔州市卫生健康委员会");
        await using (var db = fixture.Database.CreateContext())
        {
            db.Batches.Add(new ImportBatch
            {
                Id = Guid.CreateVersion7(), UnitId = unit.Id, Channel = Channel.BatchFile, RecordType = RecordType.Penalty,
                Status = BatchStatus.Failed, StartedAt = ReportFixture.Now.UtcDateTime, CompletedAt = ReportFixture.Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        await using var scope = fixture.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CreditProof.Storage.CreditProofDbContext>();
        var completeness = scope.ServiceProvider.GetRequiredService<DataCompleteness>();
        var health = await completeness.OfAsync(context, unit.DomainId);
        Assert.False(health.Complete);
        Assert.Null(Assert.Single(health.SilentUnits).Last);
        Assert.False((await completeness.OfAsync(context, 9999)).Complete);
    }

    private async Task<DataSourceUnit> SecondUnitAsync(string domainCode, string name)
    {
        var first = await fixture.UnitAsync(domainCode);
        await using var db = fixture.Database.CreateContext();
        var unit = new DataSourceUnit
        {
            CreditCode = CreditCode.Compose('1', '1', "141100", $"{first.DomainId:00}{Random.Shared.Next(100000, 999999)}"),
            Name = name,
            DomainId = first.DomainId,
            Level = AdministrativeLevel.Prefecture,
            RegionCode = "141100",
            CreatedAt = ReportFixture.Now.UtcDateTime,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    private async Task<byte[]> StoredContentAsync(string formattedNumber)
    {
        await using var db = fixture.Database.CreateContext();
        var number = ReportNumbers.ParseNumber(formattedNumber);
        return await db.Set<IssuedReport>().Where(r => r.Number == number).Select(r => r.Content).SingleAsync();
    }

    private async Task<VerificationOutcome> VerifyAsync(string qr)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProof.Storage.CreditProofDbContext>();
        await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().RefreshAsync(db);
        return await scope.ServiceProvider.GetRequiredService<ReportVerifier>().VerifyQrAsync(qr, scope.ServiceProvider.GetRequiredService<CreditProof.Storage.ReadOnlyDatabase>());
    }
}
