using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditProof.RelyingParties;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.RelyingParties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.RelyingParties;

/// <summary>The relying parties' API and pages, through the real host: every endpoint, every role, and the journeys of items 1–4.</summary>
public sealed partial class RelyingPartyApiTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    private static readonly string[] MarketRegulation = ["market-regulation"];
    private static readonly string[] Nonsense = ["nonsense"];

    public static readonly TheoryData<string, string> Endpoints = new()
    {
        { "POST", "/api/v1/rp/verify/qr" },
        { "POST", "/api/v1/rp/verify/number" },
        { "POST", "/api/v1/rp/verify/share" },
        { "GET", "/api/v1/rp/verifications" },
        { "POST", "/api/v1/rp/share/pdf" },
        { "POST", "/api/v1/rp/share/twin" },
        { "GET", "/api/v1/rp/grants" },
        { "GET", "/api/v1/rp/reports/ABCD-EFGH-JKLM-NPQR/pdf" },
        { "GET", "/api/v1/rp/reports/ABCD-EFGH-JKLM-NPQR/twin" },
        { "GET", "/api/v1/rp/reports/ABCD-EFGH-JKLM-NPQR/changes" },
        { "GET", "/api/v1/rp/notices" },
        { "POST", "/api/v1/rp/requests" },
        { "GET", "/api/v1/rp/requests" },
        { "GET", "/api/v1/rp/requests/0190a0a0-0000-7000-8000-000000000000" },
        { "GET", "/api/v1/rp/requests/0190a0a0-0000-7000-8000-000000000000/qr.svg" },
        { "DELETE", "/api/v1/rp/requests/0190a0a0-0000-7000-8000-000000000000" },
        { "POST", "/api/v1/rp/explanations" },
        { "GET", "/api/v1/rp/explanations" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_anonymous_callers_subjects_staff_and_keys_without_its_scope(string method, string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(factory.CreateClient(), method, path)).StatusCode);
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(await WebTestData.SubjectAsync(factory, code), method, path)).StatusCode);
        // The API is for the organisation's systems: its staff's browser session is not a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(await WebTestData.StaffAsync(factory, DemoRelyingParty.StaffUser, DemoRelyingParty.StaffPassword), method, path)).StatusCode);
        var unitKey = factory.CreateClient();
        unitKey.DefaultRequestHeaders.Add("X-Api-Key", "cpk_not-a-relying-party-key-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(unitKey, method, path)).StatusCode);

        var scope = path.Contains("/verif", StringComparison.Ordinal) ? RelyingPartyScopes.Verify
            : path.Contains("/requests", StringComparison.Ordinal) ? RelyingPartyScopes.Requests
            : path.Contains("/explanations", StringComparison.Ordinal) ? RelyingPartyScopes.Explanations
            : RelyingPartyScopes.Reports;
        var others = string.Join(',', RelyingPartyScopes.All.Where(s => s != scope));
        var (_, narrow) = await KeyAsync(others);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(narrow, method, path)).StatusCode);
        var (_, full) = await KeyAsync(scope);
        // With the scope the call gets past authorisation: any refusal now is the use case's own, with a bilingual problem.
        var allowed = await SendAsync(full, method, path);
        Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.StatusCode);
        if (allowed.StatusCode == HttpStatusCode.Forbidden)
            Assert.False(string.IsNullOrEmpty((await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var (party, client) = await KeyAsync("verify");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rp/verifications")).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>();
            foreach (var key in await registry.KeysAsync(party))
                await registry.RevokeKeyAsync(party, key.Id, "test");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/rp/verifications")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_relying_party_endpoint()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/relying-parties.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/rp/verify/qr", "/api/v1/rp/verify/number", "/api/v1/rp/verify/share", "/api/v1/rp/verifications", "/api/v1/rp/share/pdf",
                     "/api/v1/rp/share/twin", "/api/v1/rp/grants", "/api/v1/rp/reports/{number}/pdf", "/api/v1/rp/reports/{number}/twin", "/api/v1/rp/reports/{number}/changes",
                     "/api/v1/rp/notices", "/api/v1/rp/requests", "/api/v1/rp/requests/{id}", "/api/v1/rp/requests/{id}/qr.svg", "/api/v1/rp/explanations" })
            Assert.Contains(path, paths);
        Assert.Contains("RateLimit-Limit", document.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/v1/records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_carry_the_organisations_budget_and_past_it_the_answer_is_429_for_every_key_of_it()
    {
        var (party, first) = await KeyAsync("verify", limit: 3);
        var second = await SecondKeyAsync(party);
        var one = await first.GetAsync("/api/v1/rp/verifications");
        Assert.Equal("3", one.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("2", one.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.InRange(int.Parse(one.Headers.GetValues("RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/rp/verifications")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/rp/verifications")).StatusCode);
        var refused = await second.GetAsync("/api/v1/rp/verifications");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("请求额度已用完", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        // Another organisation has its own budget.
        var (_, other) = await KeyAsync("verify", limit: 3);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/rp/verifications")).StatusCode);
    }

    [Fact]
    public async Task Verifies_by_qr_text_number_and_code_and_share_code_and_keeps_the_organisations_history()
    {
        var (_, issued, subjectId) = await IssueAsync();
        var (_, client) = await KeyAsync("verify,reports");
        var qr = await client.PostAsJsonAsync("/api/v1/rp/verify/qr", new { qr = issued.QrText });
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.True((await qr.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/rp/verify/qr", new { qr = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/rp/verify/number", new { number = issued.ReportNumber, code = issued.VerificationCode })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/v1/rp/verify/number", new { number = issued.ReportNumber, code = "AAA-AAA-AAA" })).StatusCode);

        string shareCode;
        await using (var scope = factory.Services.CreateAsyncScope())
            shareCode = (await scope.ServiceProvider.GetRequiredService<ShareGrants>().CreateAsync(subjectId, issued.ReportNumber, "贷款", "测试银行", 5, false, "test")).Code;
        var shared = await client.PostAsJsonAsync("/api/v1/rp/verify/share", new { code = shareCode });
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        var body = await shared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("贷款", body.GetProperty("purpose").GetString());
        // The download addresses carry no code: the same body is posted there.
        Assert.DoesNotContain(shareCode, body.GetProperty("pdfUrl").GetString()!, StringComparison.Ordinal);
        var pdf = await client.PostAsJsonAsync(body.GetProperty("pdfUrl").GetString(), new { code = shareCode });
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var twin = await (await client.PostAsJsonAsync(body.GetProperty("twinUrl").GetString(), new { code = shareCode })).Content.ReadAsStringAsync();
        // The retired address with the code in its path answers 410 and names the new call, and opens nothing.
        var retired = await client.GetAsync($"/api/v1/rp/share/{shareCode}/pdf");
        Assert.Equal(HttpStatusCode.Gone, retired.StatusCode);
        Assert.Contains("POST /api/v1/rp/share/pdf", await retired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (content, _) = ReportTwin.Verify(twin, await RootsAsync());
        Assert.Equal(ReportNumbers.ParseNumber(issued.ReportNumber), content.Number);
        var refused = await client.PostAsJsonAsync("/api/v1/rp/verify/share", new { code = "ABCD-EFGH-JKLM" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var history = await client.GetFromJsonAsync<JsonElement>("/api/v1/rp/verifications");
        var methods = history.EnumerateArray().Select(h => h.GetProperty("method").GetString()).ToList();
        Assert.Equal(["share-code", "share-code", "number-and-code", "number-and-code", "qr"], methods);
        Assert.Equal(issued.ReportNumber, history[4].GetProperty("reportNumber").GetString());
        Assert.Equal("refused", history[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_requirement_link_is_fulfilled_by_the_subject_in_one_step_and_the_party_fetches_the_report_and_sees_it_fulfilled()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var api = DemoKeyClient();
        var refused = await api.PostAsJsonAsync("/api/v1/rp/requests", new { purpose = "贷款审批", domains = Nonsense });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var created = await api.PostAsJsonAsync("/api/v1/rp/requests", new { purpose = "贷款审批", domains = MarketRegulation, validDays = 60, changeNotices = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", request.GetProperty("status").GetString());
        var url = new Uri(request.GetProperty("url").GetString()!);
        var svg = await api.GetStringAsync(request.GetProperty("qrUrl").GetString());
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);

        // Anonymous: sign in first.
        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var challenge = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Contains("/signin", challenge.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var subject = await WebTestData.SubjectAsync(factory, code);
        var page = await subject.GetStringAsync(url.PathAndQuery);
        Assert.Contains(DemoRelyingParty.Name, page, StringComparison.Ordinal);
        Assert.Contains("市场监管", page, StringComparison.Ordinal);
        Assert.Contains("贷款审批", page, StringComparison.Ordinal);
        var done = await Forms.PostAsync(subject, url.PathAndQuery, new Dictionary<string, string> { ["consentNotices"] = "true", ["consentChanges"] = "true" });
        var html = await done.Content.ReadAsStringAsync();
        if (done.Headers.Location is { } location)
            html = await subject.GetStringAsync(location.OriginalString);
        var number = ReportNumberPattern().Match(html[html.IndexOf("issued-number", StringComparison.Ordinal)..]).Value;
        Assert.NotEmpty(number);
        var again = await (await Forms.PostAsync(subject, "/me/grants", [], url.PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains("已办理", again, StringComparison.Ordinal);

        var fulfilled = await api.GetFromJsonAsync<JsonElement>($"/api/v1/rp/requests/{request.GetProperty("id").GetGuid()}");
        Assert.Equal("fulfilled", fulfilled.GetProperty("status").GetString());
        Assert.Equal(number, fulfilled.GetProperty("reportNumber").GetString());
        Assert.Contains(number, (await api.GetStringAsync("/api/v1/rp/grants")), StringComparison.Ordinal);
        Assert.StartsWith("%PDF", await api.GetStringAsync($"/api/v1/rp/reports/{number}/pdf"), StringComparison.Ordinal);
        var (content, _) = ReportTwin.Verify(await api.GetStringAsync($"/api/v1/rp/reports/{number}/twin"), await RootsAsync());
        Assert.Equal("贷款审批", content.Purpose);
        var changes = await api.GetFromJsonAsync<JsonElement>($"/api/v1/rp/reports/{number}/changes");
        Assert.Equal(0, changes.GetProperty("changes").GetArrayLength());
        var (_, stranger) = await KeyAsync("reports");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/rp/reports/{number}/pdf")).StatusCode);

        // The subject sees the grant and ends it: the party can no longer open the report.
        var grants = await subject.GetStringAsync("/me/grants");
        Assert.Contains(DemoRelyingParty.Name, grants, StringComparison.Ordinal);
        var grantId = Regex.Match(grants, "/me/grants\\?id=([0-9a-f-]{36})&amp;handler=End|handler=End&amp;id=([0-9a-f-]{36})");
        Assert.True(grantId.Success, grants);
        var id = grantId.Groups[1].Success ? grantId.Groups[1].Value : grantId.Groups[2].Value;
        await Forms.PostAsync(subject, "/me/grants", [], $"/me/grants?handler=End&id={id}");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/rp/reports/{number}/pdf")).StatusCode);
    }

    [Fact]
    public async Task The_party_asks_about_a_record_the_unit_answers_and_the_subject_sees_both()
    {
        var (code, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var (number, api) = await GrantedAsync(code, showChanges: false);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/rp/reports/{number}/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/v1/rp/explanations", new { reportNumber = number, recordId = Guid.NewGuid(), question = "?" })).StatusCode);
        var asked = await api.PostAsJsonAsync("/api/v1/rp/explanations", new { reportNumber = number, recordId, question = "罚款是否已缴纳？" });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var id = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var otherUnit = await WebTestData.StaffAsync(factory, "unit-sx-tax", "Demo-Unit-2026");
        Assert.DoesNotContain("罚款是否已缴纳", await otherUnit.GetStringAsync("/unit/explanations"), StringComparison.Ordinal);
        var refused = await (await Forms.PostAsync(otherUnit, "/unit/explanations", new Dictionary<string, string> { ["answer"] = "不是我们" }, $"/unit/explanations?handler=Answer&id={id}"))
            .Content.ReadAsStringAsync();
        Assert.Contains("只有产生该记录的数源单位可以答复", refused, StringComparison.Ordinal);

        var unit = await WebTestData.StaffAsync(factory, "unit-ty-market", "Demo-Unit-2026");
        Assert.Contains("罚款是否已缴纳", await unit.GetStringAsync("/unit/explanations"), StringComparison.Ordinal);
        await Forms.PostAsync(unit, "/unit/explanations", new Dictionary<string, string> { ["answer"] = "罚款已于2026年4月缴清。" }, $"/unit/explanations?handler=Answer&id={id}");

        var listed = await api.GetFromJsonAsync<JsonElement>("/api/v1/rp/explanations");
        var mine = listed.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == id);
        Assert.Equal("answered", mine.GetProperty("status").GetString());
        Assert.Equal("罚款已于2026年4月缴清。", mine.GetProperty("answer").GetString());
        var subject = await WebTestData.SubjectAsync(factory, code);
        var page = await subject.GetStringAsync("/me/grants");
        Assert.Contains("罚款是否已缴纳？", page, StringComparison.Ordinal);
        Assert.Contains("罚款已于2026年4月缴清。", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_report_reaches_the_consenting_party_as_a_notice()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var (number, api) = await GrantedAsync(code, showChanges: true);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            Assert.True(await ReportRevocation.RevokeAsync(db, number, "测试撤销", "operator:test", DateTime.UtcNow));
        }

        JsonElement notice = default;
        for (var i = 0; i < 50 && notice.ValueKind != JsonValueKind.Object; i++)
        {
            await Task.Delay(200);
            notice = (await api.GetFromJsonAsync<JsonElement>("/api/v1/rp/notices")).EnumerateArray().FirstOrDefault(n => n.GetProperty("reportNumber").GetString() == number);
        }

        Assert.Equal(JsonValueKind.Object, notice.ValueKind);
        Assert.Equal("valid", notice.GetProperty("from").GetString());
        Assert.Equal("revoked", notice.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Only_operators_manage_relying_parties_and_a_new_key_is_shown_once()
    {
        var unit = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebTestData.SignInStaffAsync(factory, unit, "unit-ty-market", "Demo-Unit-2026");
        Assert.Contains("/forbidden", (await unit.GetAsync("/operator/relying-parties")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var bank = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebTestData.SignInStaffAsync(factory, bank, DemoRelyingParty.StaffUser, DemoRelyingParty.StaffPassword);
        Assert.Contains("/forbidden", (await bank.GetAsync("/operator/relying-parties")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var op = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var partyCode = CreditProof.Identifiers.CreditCode.Compose('9', '1', "140105", $"MB{Random.Shared.Next(100_000, 999_999)}");
        var bad = await (await Forms.PostAsync(op, "/operator/relying-parties",
            new Dictionary<string, string> { ["name"] = "招标平台", ["creditCode"] = "123", ["kind"] = "bidding-platform" }, "/operator/relying-parties?handler=Register")).Content.ReadAsStringAsync();
        Assert.Contains("统一社会信用代码无效", bad, StringComparison.Ordinal);
        await Forms.PostAsync(op, "/operator/relying-parties",
            new Dictionary<string, string> { ["name"] = "山西省公共资源交易平台（测试）", ["creditCode"] = partyCode, ["kind"] = "bidding-platform", ["requestsPerMinute"] = "60" },
            "/operator/relying-parties?handler=Register");
        int partyId;
        await using (var scope = factory.Services.CreateAsyncScope())
            partyId = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().RelyingParties.Where(p => p.CreditCode == partyCode).Select(p => p.Id).SingleAsync();
        var issued = await (await Forms.PostAsync(op, "/operator/relying-parties", new Dictionary<string, string> { ["scopes"] = "verify", ["label"] = "系统" },
            $"/operator/relying-parties?handler=Key&partyId={partyId}")).Content.ReadAsStringAsync();
        var key = Regex.Match(issued, "data-testid=\"new-secret\"[^>]*|value=\"(cprp_[^\"]+)\"[^>]*data-testid=\"new-secret\"").Value;
        var secret = Regex.Match(issued, "value=\"(cprp_[A-Za-z0-9_-]+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.NotEmpty(secret);
        Assert.DoesNotContain(secret, await op.GetStringAsync("/operator/relying-parties"), StringComparison.Ordinal);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var answer = await client.GetAsync("/api/v1/rp/verifications");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("60", answer.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/rp/grants")).StatusCode);

        await Forms.PostAsync(op, "/operator/relying-parties", new Dictionary<string, string> { ["userName"] = "rp-jiaoyi", ["displayName"] = "交易平台", ["password"] = "Correct-Horse-Battery-9" },
            $"/operator/relying-parties?handler=Staff&partyId={partyId}");
        var staff = await WebTestData.StaffAsync(factory, "rp-jiaoyi", "Correct-Horse-Battery-9");
        Assert.Contains("山西省公共资源交易平台（测试）", await staff.GetStringAsync("/rp"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workspace_is_for_relying_party_staff_only_and_shows_only_its_own_organisation()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.PostAsync(subject, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        Assert.Contains("/forbidden", (await subject.GetAsync("/rp")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var unit = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebTestData.SignInStaffAsync(factory, unit, "unit-ty-market", "Demo-Unit-2026");
        Assert.Contains("/forbidden", (await unit.GetAsync("/rp")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var bank = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebTestData.SignInStaffAsync(factory, bank, DemoRelyingParty.StaffUser, DemoRelyingParty.StaffPassword);
        Assert.Contains("/forbidden", (await bank.GetAsync("/me/grants")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Contains("/forbidden", (await bank.GetAsync("/unit/explanations")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        // Post/Redirect/Get: the link and its QR code are shown on the page the post redirects to.
        var posted = await Forms.PostAsync(bank, "/rp", new Dictionary<string, string> { ["purpose"] = "工作台需求", ["domains"] = "market-regulation", ["validDays"] = "30" },
            "/rp?handler=Request");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var created = await bank.GetStringAsync(posted.Headers.Location!.OriginalString);
        Assert.True(created.Contains("data-testid=\"request-qr\"", StringComparison.Ordinal), created[created.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.Matches("src=\"data:image/svg(\\+|&#x2B;)xml;base64,", created);
        var (_, other) = await KeyAsync("requests");
        Assert.DoesNotContain("工作台需求", await PurposesAsync(other));
        Assert.Contains("工作台需求", await PurposesAsync(DemoKeyClient()));

        // Fulfilled, the request reaches the organisation's inbox.
        var (subjectCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        await GrantedAsync(subjectCode, showChanges: false);
        var inbox = await bank.GetStringAsync("/inbox");
        Assert.Contains("需求已办理", inbox, StringComparison.Ordinal);
        Assert.Contains("href=\"/rp\"", inbox, StringComparison.Ordinal);
    }

    private static async Task<List<string?>> PurposesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/rp/requests")).EnumerateArray().Select(r => r.GetProperty("purpose").GetString()).ToList();

    private async Task<(string Number, HttpClient Api)> GrantedAsync(string subjectCode, bool showChanges)
    {
        var api = DemoKeyClient();
        var request = await (await api.PostAsJsonAsync("/api/v1/rp/requests", new { purpose = "授信", domains = MarketRegulation, changeNotices = true }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var token = new Uri(request.GetProperty("url").GetString()!).AbsolutePath.Split('/')[^1];
        Guid subjectId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            subjectId = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.Where(s => s.Code == subjectCode).Select(s => s.Id).SingleAsync();
            var done = await scope.ServiceProvider.GetRequiredService<Requirements>().FulfilAsync(token, subjectId, subjectCode, true, showChanges);
            return (done.Report.ReportNumber, api);
        }
    }

    private async Task<(string SubjectName, IssuedReportResult Issued, Guid SubjectId)> IssueAsync()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, Domains = ["市场监管"], RequestedBy = "test" });
        var id = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
        return (issued.Content.Subject.Name, issued, id);
    }

    private async Task<IReadOnlyCollection<X509Certificate2>> RootsAsync()
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(await factory.CreateClient().GetStringAsync("/.well-known/creditproof/report-roots.pem"));
        return [.. roots];
    }

    private HttpClient DemoKeyClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", DemoRelyingParty.ApiKey);
        return client;
    }

    private async Task<(int Party, HttpClient Client)> KeyAsync(string scopes, int? limit = null)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>();
        var party = await registry.RegisterAsync("测试使用方" + Random.Shared.Next(1000, 9999),
            CreditProof.Identifiers.CreditCode.Compose('9', '1', "140105", $"MC{Random.Shared.Next(100_000, 999_999)}"), RelyingPartyKind.Bank, limit ?? 1000, "test");
        var key = await registry.IssueKeyAsync(party.Id, scopes, null, "test");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return (party.Id, client);
    }

    private async Task<HttpClient> SecondKeyAsync(int party)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>().IssueKeyAsync(party, "verify", null, "test");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key.Key);
        return client;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "POST" ? JsonContent.Create(new { }) : null,
        });

    [GeneratedRegex("[0-9A-HJ-NP-Z]{4}-[0-9A-HJ-NP-Z]{4}-[0-9A-HJ-NP-Z]{4}-[0-9A-HJ-NP-Z]{4}")]
    private static partial Regex ReportNumberPattern();
}
