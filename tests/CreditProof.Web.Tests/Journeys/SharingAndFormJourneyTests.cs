using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditProof.Reports;
using CreditProof.Web.Tests.Verification;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Journeys;

/// <summary>Issue 17: one-time share codes open in one browser, codes stay out of addresses, forms submit once and redirect after a post.</summary>
public sealed class SharingAndFormJourneyTests(VerificationWebFactory factory) : IClassFixture<VerificationWebFactory>
{
    private static readonly KeyValuePair<string, string>[] TwoDomains =
    [
        new("Form.Domains", "market-regulation"), new("Form.Domains", "taxation"), new("Form.Period", "3"), new("Form.Purpose", "bidding"),
    ];

    [Fact]
    public async Task A_single_use_code_opens_in_one_browser_only_and_never_stays_in_the_address()
    {
        var (holder, number) = await IssuedAsync();
        var code = await GrantAsync(holder, number, singleUse: true);

        var bank = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var exchanged = await bank.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.Redirect, exchanged.StatusCode);
        Assert.Equal("/share/report", exchanged.Headers.Location!.OriginalString);
        var cookie = exchanged.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("creditproof-share=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var view = await bank.GetStringAsync("/share/report");
        Assert.Contains("data-testid=\"shared-record\"", view, StringComparison.Ordinal);
        Assert.DoesNotContain(code, view, StringComparison.Ordinal);
        Assert.Equal("application/pdf", (await bank.GetAsync("/share/report?handler=Pdf")).Content.Headers.ContentType!.MediaType);
        // The same browser reloads within the session: still there.
        Assert.Contains("data-testid=\"shared-record\"", await bank.GetStringAsync("/share/report"), StringComparison.Ordinal);

        // A second browser with the same code, well within the 15 minutes: refused at once.
        var other = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var second = await other.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Contains("一次性授权", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/share/report")).StatusCode);
        Assert.Equal(1, await JourneyData.DbAsync(factory, db => db.ShareGrants.Where(g => g.ReportNumber == number && g.SingleUse).Select(g => g.UseCount).SingleAsync()));
    }

    [Fact]
    public async Task Two_browsers_racing_with_one_single_use_code_cannot_both_open_it()
    {
        var (holder, number) = await IssuedAsync();
        var code = await GrantAsync(holder, number, singleUse: true);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync($"/s/{code}")));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
    }

    [Fact]
    public async Task A_typed_share_code_is_posted_not_put_in_the_address()
    {
        var (holder, number) = await IssuedAsync();
        var code = await GrantAsync(holder, number, singleUse: false);
        var bank = factory.CreateClient();
        var opened = await Forms.PostAsync(bank, "/share", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/share/report", opened.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("data-testid=\"shared-record\"", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrong = await Forms.PostAsync(factory.CreateClient(), "/share", new Dictionary<string, string> { ["Code"] = "ABCD-EFGH-JKMN" });
        Assert.Equal("/share", wrong.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("data-testid=\"share-refused\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_grant_asks_for_confirmation()
    {
        var (holder, number) = await IssuedAsync();
        await GrantAsync(holder, number, singleUse: false);
        var grantId = await JourneyData.DbAsync(factory, db => db.ShareGrants.Where(g => g.ReportNumber == number).Select(g => g.Id).SingleAsync());
        var page = await holder.GetStringAsync($"/me/reports/{number}");
        Assert.Contains("data-testid=\"revoke-grant-confirm\"", page, StringComparison.Ordinal);

        var unconfirmed = await Forms.PostAsync(holder, $"/me/reports/{number}", [], $"/me/reports/{number}?handler=RevokeGrant&grantId={grantId}");
        Assert.Contains("请勾选确认后再撤销授权", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await JourneyData.DbAsync(factory, db => db.ShareGrants.Where(g => g.Id == grantId).Select(g => g.RevokedAt).SingleAsync()));
        await Forms.PostAsync(holder, $"/me/reports/{number}", [new("confirm", "true")], $"/me/reports/{number}?handler=RevokeGrant&grantId={grantId}");
        Assert.NotNull(await JourneyData.DbAsync(factory, db => db.ShareGrants.Where(g => g.Id == grantId).Select(g => g.RevokedAt).SingleAsync()));
    }

    [Fact]
    public async Task The_same_form_submitted_twice_issues_one_report()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, code);
        var form = await subject.GetStringAsync("/me/reports/new");
        var key = System.Text.RegularExpressions.Regex.Match(form, "name=\"Form.RequestKey\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(key);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        KeyValuePair<string, string>[] fields = [.. TwoDomains, new("Form.RequestKey", key), new("__RequestVerificationToken", token)];

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => subject.PostAsync("/me/reports/new", new FormUrlEncodedContent(fields))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var subjectId = await JourneyData.DbAsync(factory, db => db.Subjects.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
        Assert.Equal(1, await JourneyData.DbAsync(factory, db => db.IssuedReports.CountAsync(r => r.SubjectId == subjectId)));
        Assert.Single(answers.Select(a => a.RequestMessage!.RequestUri!.AbsolutePath).Distinct());
        // A reload of the posted form (the browser sends it again) finds the same report too.
        await subject.PostAsync("/me/reports/new", new FormUrlEncodedContent(fields));
        Assert.Equal(1, await JourneyData.DbAsync(factory, db => db.IssuedReports.CountAsync(r => r.SubjectId == subjectId)));
    }

    [Fact]
    public async Task The_form_and_the_report_say_that_five_years_start_at_the_collection_start()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, code);
        var form = await subject.GetStringAsync("/me/reports/new");
        Assert.Contains("data-testid=\"period-clipped\"", form, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"preset-clipped-5\"", form, StringComparison.Ordinal);
        Assert.Contains("2022-08-01", form, StringComparison.Ordinal);
        var issued = await Forms.PostAsync(subject, "/me/reports/new", [new("Form.Domains", "market-regulation"), new("Form.Period", "5"), new("Form.Purpose", "bidding")]);
        var report = await issued.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"period-from-collection-start\"", report, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Holder, string Number)> IssuedAsync()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, Domains = ["市场监管"], RequestedBy = "test" });
        }

        var subjectId = await JourneyData.DbAsync(factory, db => db.Subjects.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
        var number = await JourneyData.DbAsync(factory, db => db.IssuedReports.Where(r => r.SubjectId == subjectId).Select(r => r.Number).SingleAsync());
        return (await WebTestData.SubjectAsync(factory, code), number);
    }

    private static async Task<string> GrantAsync(HttpClient holder, string number, bool singleUse)
    {
        var grant = await (await holder.PostAsJsonAsync($"/api/v1/reports/{number}/grants", new { purpose = "银行贷款", days = 10, singleUse })).Content.ReadFromJsonAsync<JsonElement>();
        return grant.GetProperty("shareCode").GetString()!;
    }
}
