using CreditProof.Commitments;
using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Reports;

/// <summary>What the workflows add to a report: 异议处理中 on a disputed record, commitments apart from the conclusions.</summary>
[Trait("Category", "Database")]
public sealed class ReportWorkflowMarkTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task A_record_under_objection_is_shown_marked_as_such_and_unmarked_once_the_objection_is_closed()
    {
        var subject = await fixture.AddSubjectAsync("阳泉市异议标注有限公司");
        var record = await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "晋阳市监罚〔2025〕88号", new DateOnly(2025, 4, 2));
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var notifier = new Notifier(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), fixture.Time);
        var objections = new ObjectionService(db, new PlatformClock(fixture.Time), notifier, new AttachmentStore(Path.GetTempPath(), 1024), new ObjectionOptions());
        var objection = await objections.SubmitAsync(new Actor(subject.Code, ActorRole.Subject, SubjectId: subject.Id), record.Id, "处罚已被复议撤销", []);

        var during = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" });
        Assert.True(during.Content.Domains.Single().Records.Single().UnderObjection);
        Assert.Contains("异议处理中", PdfText.Compact(during.Pdf), StringComparison.Ordinal);
        Assert.Equal(ReportStatus.Suspended, await StatusAsync(db, during));

        await objections.WithdrawAsync(new Actor(subject.Code, ActorRole.Subject, SubjectId: subject.Id), objection.Id);
        await fixture.ApplyChangesAsync(db);
        var after = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" });
        Assert.False(after.Content.Domains.Single().Records.Single().UnderObjection);
        Assert.DoesNotContain("异议处理中", PdfText.Compact(after.Pdf), StringComparison.Ordinal);
        // The objection was withdrawn without a change to the record: the earlier report is valid again.
        Assert.Equal(ReportStatus.Valid, await StatusAsync(db, during));
    }

    private static async Task<ReportStatus> StatusAsync(CreditProofDbContext db, IssuedReportResult issued)
    {
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        return await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => r.Status).SingleAsync();
    }

    [Fact]
    public async Task A_commitment_for_an_uncovered_domain_is_listed_as_a_commitment_never_as_a_clean_conclusion()
    {
        var subject = await fixture.AddSubjectAsync("长治市承诺事项有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var defence = await db.Domains.SingleAsync(d => d.Code == "national-defence");
        defence.IsCovered = false;
        await db.SaveChangesAsync();
        try
        {
            db.Commitments.Add(new CreditCommitment
            {
                Id = Guid.NewGuid(), SubjectId = subject.Id, DomainId = defence.Id, TextZh = "本单位承诺依法履行国防义务。", TemplateVersion = 1,
                SignedAt = ReportFixture.Now.UtcDateTime, SignedBy = subject.Code, Status = CommitmentStatus.Active,
            });
            await db.SaveChangesAsync();
            fixture.Time.Current = ReportFixture.Now.AddSeconds(31); // the domain list is cached for 30 s

            var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "test" });
            Assert.DoesNotContain(report.Content.Domains, d => d.DomainId == defence.Id);
            var commitment = Assert.Single(report.Content.Commitments);
            Assert.Equal("国防义务", commitment.DomainNameZh);
            var text = PdfText.Compact(report.Pdf);
            Assert.Contains("信用承诺事项", text, StringComparison.Ordinal);
            Assert.Contains("不构成该领域无违法违规记录的核查结论", text, StringComparison.Ordinal);
            Assert.Contains("履约跟踪中", text, StringComparison.Ordinal);
        }
        finally
        {
            defence.IsCovered = true;
            await db.SaveChangesAsync();
            fixture.Time.Current = ReportFixture.Now;
        }
    }
}
