using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Journeys;

/// <summary>Issue 17: no promise of "no records" where the platform holds records; verifiers see the commitments behind a report.</summary>
public sealed class CommitmentJourneyTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task A_subject_cannot_promise_no_records_where_the_platform_holds_its_penalties()
    {
        // The market regulation domain goes uncovered while the platform still holds this subject's penalty there.
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var market = await SetCoveredAsync("market-regulation", false);
        try
        {
            var subject = await WebTestData.SubjectAsync(factory, code);
            var page = await subject.GetStringAsync("/me/commitments");
            Assert.Contains("data-testid=\"records-held\"", page, StringComparison.Ordinal);
            var refused = await Forms.PostAsync(subject, "/me/commitments", [], $"/me/commitments?handler=Sign&domainId={market}");
            Assert.Equal("/me/commitments", refused.RequestMessage!.RequestUri!.PathAndQuery);
            Assert.Contains("不能承诺该领域无违法违规记录", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(await JourneyData.DbAsync(factory, db => db.Commitments.AnyAsync(c => c.DomainId == market && db.Subjects.Any(s => s.Id == c.SubjectId && s.Code == code))));
        }
        finally
        {
            await SetCoveredAsync("market-regulation", true);
        }
    }

    [Fact]
    public async Task A_verifier_sees_the_commitments_behind_the_report_with_their_status_now()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var archives = await SetCoveredAsync("archives", false);
        try
        {
            var subject = await WebTestData.SubjectAsync(factory, code);
            await Forms.PostAsync(subject, "/me/commitments", [], $"/me/commitments?handler=Sign&domainId={archives}");
            IssuedReportResult issued;
            await using (var scope = factory.Services.CreateAsyncScope())
                issued = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, Domains = ["市场监管"], RequestedBy = "test" });
            Assert.NotEmpty(issued.Content.Commitments);

            var verified = await (await Forms.PostAsync(factory.CreateClient(), "/verify", [new("Number", issued.ReportNumber), new("Code", issued.VerificationCode)])).Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"verified-commitments\"", verified, StringComparison.Ordinal);
            Assert.Contains("档案", verified, StringComparison.Ordinal);
            Assert.Contains("履约", verified, StringComparison.Ordinal);
        }
        finally
        {
            await SetCoveredAsync("archives", true);
        }
    }

    private async Task<int> SetCoveredAsync(string domainCode, bool covered)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var domain = await db.Domains.SingleAsync(d => d.Code == domainCode);
        domain.IsCovered = covered;
        await db.SaveChangesAsync();
        return domain.Id;
    }
}
