using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Repairs;

[Trait("Category", "Database")]
public sealed class PublicityExpiryTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Publicity_stops_at_the_maximum_the_record_stays_in_reports_marked_and_issued_reports_are_superseded()
    {
        var subject = await fixture.AddSubjectAsync("忻州市公示期满有限公司");
        // General penalty of 2024-05-10 under Order 58: published 3 months to 1 year, so publicity ended on 2025-05-10.
        var due = await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "忻市监罚〔2024〕5号", new DateOnly(2024, 5, 10),
            r => { r.Severity = Severity.General; r.PublicityEnd = null; });
        // Serious penalty of 2025-02-01: published at least until 2026-02-01, at most 2028-02-01 — not due.
        var notDue = await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "忻市监罚〔2025〕9号", new DateOnly(2025, 2, 1),
            r => { r.Severity = Severity.Serious; r.PublicityEnd = null; });
        var before = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], From = new DateOnly(2023, 1, 1), RequestedBy = "test" });

        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var now = ReportFixture.Now.AddHours(1).UtcDateTime;
        Assert.True(await PublicityExpiry.EndDueAsync(db, new DateOnly(2026, 11, 20), now) >= 1);
        // Idempotent: nothing is due the second time.
        Assert.Equal(0, await PublicityExpiry.EndDueAsync(db, new DateOnly(2026, 11, 20), now.AddMinutes(1)));

        var ended = await db.Records.AsNoTracking().SingleAsync(r => r.Id == due.Id);
        Assert.Equal(RepairStatus.PublicityEnded, ended.RepairStatus);
        Assert.Equal(new DateOnly(2025, 5, 10), ended.PublicityEnd);
        Assert.Equal(2, ended.Version);
        Assert.Equal(ChangeKind.PublicityEnded, (await db.RecordVersions.AsNoTracking().SingleAsync(v => v.RecordId == due.Id && v.Version == 2)).Change);
        Assert.Equal(RepairStatus.NotRepaired, (await db.Records.AsNoTracking().SingleAsync(r => r.Id == notDue.Id)).RepairStatus);

        await fixture.ApplyChangesAsync(db);
        var number = ReportNumbers.ParseNumber(before.ReportNumber);
        Assert.Equal(ReportStatus.Superseded, await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => r.Status).SingleAsync());

        var after = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], From = new DateOnly(2023, 1, 1), RequestedBy = "test" });
        Assert.Equal(2, after.Content.RecordCount);
        Assert.Contains("公示期满，已停止公示（2025-05-10）", PdfText.Compact(after.Pdf), StringComparison.Ordinal);
    }
}
