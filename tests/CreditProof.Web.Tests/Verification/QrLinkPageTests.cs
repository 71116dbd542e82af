using System.Net;
using CreditProof.Reports;

namespace CreditProof.Web.Tests.Verification;

/// <summary>Issue 17: a QR link with an unknown number showed the empty verify form and no "not found".</summary>
public sealed class QrLinkPageTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-number")]
    public async Task A_qr_link_to_a_report_this_platform_never_issued_says_not_found_in_both_languages(string? number)
    {
        number ??= ReportNumbers.NewNumber();
        var response = await factory.CreateClient().GetAsync("/v/" + number);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-status=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("未找到该报告", html, StringComparison.Ordinal);
        Assert.Contains("Report not found", html, StringComparison.Ordinal);
        Assert.Contains(number, html, StringComparison.Ordinal);

        var english = await (await factory.CreateClient().GetAsync("/v/" + number + "?culture=en")).Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"big\">Report not found</p>", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qr_link_to_a_report_issued_here_without_its_payload_asks_for_the_code()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var client = await WebTestData.SubjectAsync(factory, code);
        var issued = await Forms.PostAsync(client, "/me/reports/new",
            [new("Form.Domains", "market-regulation"), new("Form.Period", "3"), new("Form.Purpose", "bidding")]);
        var number = issued.RequestMessage!.RequestUri!.AbsolutePath[^16..];
        var response = await factory.CreateClient().GetAsync("/v/" + number);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-status=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"verify-by-code\"", html, StringComparison.Ordinal);
    }
}
