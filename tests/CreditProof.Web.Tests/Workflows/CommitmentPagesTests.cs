using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Workflows;

/// <summary>A factory of its own: the test marks taxation as not covered, which other tests must not see.</summary>
public sealed class CommitmentWebFactory : CreditProofWebFactory;

public sealed class CommitmentPagesTests(CommitmentWebFactory factory) : IClassFixture<CommitmentWebFactory>
{
    [Fact]
    public async Task A_false_commitment_found_by_the_unit_bars_reports_until_the_operator_lifts_it()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        int taxation;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var domain = await db.Domains.SingleAsync(d => d.Code == "taxation");
            domain.IsCovered = false;
            await db.SaveChangesAsync();
            taxation = domain.Id;
        }

        var subject = await WebTestData.SubjectAsync(factory, code);
        var page = await subject.GetStringAsync("/me/commitments");
        Assert.Contains($"data-domain=\"{taxation}\"", page, StringComparison.Ordinal);
        var signed = await (await Forms.PostAsync(subject, "/me/commitments", new Dictionary<string, string>(), $"/me/commitments?handler=Sign&domainId={taxation}")).Content.ReadAsStringAsync();
        Assert.Contains("信用承诺已签署", signed, StringComparison.Ordinal);
        Assert.Contains("履约跟踪中", signed, StringComparison.Ordinal);

        // The market regulator may not judge a tax commitment; the tax bureau finds it false.
        var market = await WebTestData.StaffAsync(factory, "unit-ty-market", "Demo-Unit-2026");
        Assert.DoesNotContain("data-commitment=", await market.GetStringAsync("/unit/commitments"), StringComparison.Ordinal);
        var tax = await WebTestData.StaffAsync(factory, "unit-sx-tax", "Demo-Unit-2026");
        var list = await tax.GetStringAsync("/unit/commitments");
        var id = System.Text.RegularExpressions.Regex.Match(list, "data-commitment=\"([0-9a-f-]{36})\"").Groups[1].Value;
        Assert.NotEmpty(id);
        var refused = await (await Forms.PostAsync(market, "/unit/commitments", new Dictionary<string, string> { ["kept"] = "false", ["note"] = "x" }, $"/unit/commitments?handler=Record&id={id}")).Content.ReadAsStringAsync();
        Assert.Contains("只有该领域的主管部门", refused, StringComparison.Ordinal);
        await Forms.PostAsync(tax, "/unit/commitments", new Dictionary<string, string> { ["kept"] = "false", ["note"] = "经核查存在欠税记录" }, $"/unit/commitments?handler=Record&id={id}");

        Assert.Contains("data-testid=\"ineligible\"", await subject.GetStringAsync("/me/commitments"), StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var issuer = scope.ServiceProvider.GetRequiredService<CreditProof.Reports.ReportIssuer>();
            var e = await Assert.ThrowsAsync<CreditProof.Reports.ReportRequestException>(() => issuer.IssueAsync(new CreditProof.Reports.ReportRequest { SubjectCode = code, RequestedBy = "test" }));
            Assert.Contains("信用承诺经核查不实", e.MessageZh, StringComparison.Ordinal);
        }

        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var desk = await operatorClient.GetStringAsync("/operator/ineligibilities");
        var subjectId = System.Text.RegularExpressions.Regex.Match(desk, "data-subject=\"([0-9a-f-]{36})\"").Groups[1].Value;
        await Forms.PostAsync(operatorClient, "/operator/ineligibilities", new Dictionary<string, string> { ["reason"] = "复核认定有误" }, $"/operator/ineligibilities?handler=Lift&subjectId={subjectId}");
        Assert.DoesNotContain("data-testid=\"ineligible\"", await subject.GetStringAsync("/me/commitments"), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await subject.GetAsync("/operator/ineligibilities")).StatusCode);
    }
}
