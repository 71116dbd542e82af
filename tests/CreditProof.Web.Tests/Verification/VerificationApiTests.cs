using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Verification;

public sealed class VerificationWebFactory : CreditProofWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["CreditProof:Verification:TypedAttemptsPerMinute"] = "1000",
    };
}

public sealed class VerificationApiTests(VerificationWebFactory factory) : IClassFixture<VerificationWebFactory>
{
    [Theory]
    [InlineData("https://credit-shanxi.example.net/v/{number}")]
    [InlineData("http://127.0.0.1:5000/x/v/{number}")]
    [InlineData("http://127.0.0.1:5000@evil.example/v/{number}")]
    [InlineData("http://127.0.0.1:5000/v/{number}?go=evil")]
    [InlineData("http://127.0.0.1:5000/v/{number}/extra")]
    [InlineData("javascript:alert(1)//v/{number}")]
    [InlineData("请转账到 6222 0000 0000 http://127.0.0.1:5000/v/{number}")]
    public async Task A_genuine_payload_behind_an_address_that_is_not_the_reports_link_is_not_valid(string address)
    {
        var (_, issued) = await IssueAsync();
        var at = issued.QrText.IndexOf("#CP1:", StringComparison.Ordinal);
        var payload = issued.QrText[at..];
        var number = issued.QrText[(issued.QrText.LastIndexOf("/v/", at, StringComparison.Ordinal) + 3)..at];
        var text = address.Replace("{number}", number, StringComparison.Ordinal) + payload;
        var client = factory.CreateClient();

        var body = await (await client.GetAsync("/api/v1/verify?qr=" + Uri.EscapeDataString(text))).Content.ReadFromJsonAsync<JsonElement>();
        var genuine = await (await client.GetAsync("/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText))).Content.ReadFromJsonAsync<JsonElement>();
        var bare = await (await client.GetAsync("/api/v1/verify?qr=" + Uri.EscapeDataString(payload[1..]))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(body.GetProperty("valid").GetBoolean(), body.ToString());
        Assert.True(genuine.GetProperty("valid").GetBoolean());
        Assert.True(bare.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task The_qr_text_verifies_anonymously_and_a_tampered_one_does_not()
    {
        var (_, issued) = await IssueAsync();
        var client = factory.CreateClient();
        var ok = await client.GetAsync("/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal("valid", body.GetProperty("status").GetString());
        Assert.Equal(issued.ReportNumber, body.GetProperty("report").GetProperty("number").GetString());
        Assert.Contains("市场监管", body.GetProperty("report").GetProperty("domains").ToString(), StringComparison.Ordinal);

        var tampered = issued.QrText[..^3] + (issued.QrText[^3] == 'A' ? "B" : "A") + issued.QrText[^2..];
        var bad = await client.GetAsync("/api/v1/verify?qr=" + Uri.EscapeDataString(tampered));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.False((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authentic").GetBoolean());
    }

    [Fact]
    public async Task The_page_the_qr_opens_shows_the_verdict_in_chinese_without_any_id_number()
    {
        var (subjectName, issued) = await IssueAsync();
        var fragment = issued.QrText[(issued.QrText.IndexOf('#', StringComparison.Ordinal) + 1)..];
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var html = await factory.CreateClient().GetStringAsync($"/v/{number}?p={Uri.EscapeDataString(fragment)}");
        Assert.Contains("报告真实有效", html, StringComparison.Ordinal);
        Assert.Contains(subjectName, html, StringComparison.Ordinal);
        Assert.Contains("未发现违法违规记录", html, StringComparison.Ordinal);

        // A link whose number was swapped onto another report's payload is caught.
        var swapped = await factory.CreateClient().GetStringAsync($"/v/{ReportNumbers.NewNumber()}?p={Uri.EscapeDataString(fragment)}");
        Assert.Contains("核验未通过", swapped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Number_and_code_verify_on_the_paper_form_and_a_wrong_code_looks_like_an_unknown_number()
    {
        var (subjectName, issued) = await IssueAsync();
        var client = factory.CreateClient();
        var right = await client.PostAsJsonAsync("/api/v1/verify/number", new { number = issued.ReportNumber, code = issued.VerificationCode });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        var wrong = await client.PostAsJsonAsync("/api/v1/verify/number", new { number = issued.ReportNumber, code = ReportNumbers.FormatCode(ReportNumbers.NewVerificationCode()) });
        var unknown = await client.PostAsJsonAsync("/api/v1/verify/number", new { number = ReportNumbers.NewNumber(), code = issued.VerificationCode });
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());

        // The form redirects to /verify and shows the verdict there once: a reload neither posts again nor shows it again.
        var posted = await Forms.PostAsync(client, "/verify", new Dictionary<string, string> { ["Number"] = issued.ReportNumber, ["Code"] = issued.VerificationCode });
        Assert.Equal("/verify", posted.RequestMessage!.RequestUri!.PathAndQuery);
        var page = await posted.Content.ReadAsStringAsync();
        Assert.Contains("报告真实有效", page, StringComparison.Ordinal);
        Assert.Contains(subjectName, page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{issued.ReportNumber}\"", page, StringComparison.Ordinal);
        var reloaded = await client.GetStringAsync("/verify");
        Assert.DoesNotContain("data-testid=\"verdict\"", reloaded, StringComparison.Ordinal);
        Assert.DoesNotContain(subjectName, reloaded, StringComparison.Ordinal);

        var wrongPage = await Forms.PostAsync(client, "/verify", new Dictionary<string, string> { ["Number"] = issued.ReportNumber, ["Code"] = "AAA-AAA-AAA" });
        Assert.Equal("/verify", wrongPage.RequestMessage!.RequestUri!.PathAndQuery);
        var wrongHtml = await wrongPage.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"verdict\"", wrongHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(subjectName, wrongHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correcting_a_record_makes_the_report_superseded_online()
    {
        var (_, issued) = await IssueAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var number = ReportNumbers.ParseNumber(issued.ReportNumber);
            var subjectId = await db.IssuedReports.Where(r => r.Number == number).Select(r => r.SubjectId).SingleAsync();
            var record = await db.Records.SingleAsync(r => r.SubjectId == subjectId);
            RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.Corrected, "unit", Channel.Api, DateTime.UtcNow, "更正"), r => r.Content = "罚款人民币2000元");
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<ReportLifecycle>().ApplyPendingAsync(db);
            await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().RefreshAsync(db);
        }

        var body = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText));
        Assert.True(body.GetProperty("authentic").GetBoolean());
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Equal("superseded", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_holder_shares_a_report_and_revokes_the_grant_and_sees_who_used_it()
    {
        var (_, subjectCode, issued) = await IssueWithCodeAsync();
        var holder = await WebTestData.SubjectAsync(factory, subjectCode);
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var created = await holder.PostAsJsonAsync($"/api/v1/reports/{number}/grants", new { purpose = "银行贷款", relyingParty = "太原银行", days = 30, singleUse = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var grant = await created.Content.ReadFromJsonAsync<JsonElement>();
        var code = grant.GetProperty("shareCode").GetString()!;

        var bank = factory.CreateClient();
        var shared = await (await bank.PostAsJsonAsync("/api/v1/share", new { code })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("银行贷款", shared.GetProperty("purpose").GetString());
        Assert.Contains("罚款人民币20000元", shared.GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.Equal("/api/v1/share/pdf", shared.GetProperty("pdfUrl").GetString());
        var pdf = await bank.PostAsJsonAsync("/api/v1/share/pdf", new { code });
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal(issued.Pdf, await pdf.Content.ReadAsByteArrayAsync());
        // Issue 17: the code in an address (logs and proxies keep it) is refused with 410 naming the call that replaced it.
        foreach (var (retiredPath, replacement) in new[] { ($"/api/v1/share/{code}", "POST /api/v1/share "), ($"/api/v1/share/{code}/pdf", "POST /api/v1/share/pdf"), ($"/api/v1/share/{code}/twin", "POST /api/v1/share/twin") })
        {
            var retired = await bank.GetAsync(retiredPath);
            Assert.Equal(HttpStatusCode.Gone, retired.StatusCode);
            var problem = await retired.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(replacement, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("授权码", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("太原银行", await bank.GetStringAsync($"/s/{code}"), StringComparison.Ordinal);

        var (otherCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var stranger = await WebTestData.SubjectAsync(factory, otherCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.PostAsJsonAsync($"/api/v1/reports/{number}/grants", new { purpose = "冒用", singleUse = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/reports/{number}/access-log")).StatusCode);

        var id = grant.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/reports/{number}/grants/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await holder.DeleteAsync($"/api/v1/reports/{number}/grants/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.PostAsJsonAsync("/api/v1/share", new { code })).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccessLog>().FlushAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>());
        var log = await holder.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{number}/access-log");
        var kinds = log.EnumerateArray().Select(e => e.GetProperty("kind").GetInt32()).ToList();
        Assert.Contains((int)AccessKind.ShareView, kinds);
        Assert.Contains((int)AccessKind.ShareDownload, kinds);
        Assert.All(log.EnumerateArray().Where(e => e.GetProperty("kind").GetInt32() == (int)AccessKind.ShareDownload), e => Assert.Equal(id, e.GetProperty("grantId").GetGuid()));
    }

    [Fact]
    public async Task Anyone_can_fetch_the_signed_trust_list_and_status_list_and_check_them_offline()
    {
        var (_, issued) = await IssueAsync();
        var client = factory.CreateClient();
        var json = await client.GetStringAsync("/.well-known/creditproof/trust-list.json");
        var (trust, issuer, _, _, _) = TrustListDocument.Verify(json);
        Assert.Equal("CN-14", issuer);
        var response = await client.GetAsync("/.well-known/creditproof/status-list");
        Assert.Equal(StatusListToken.MediaType, response.Content.Headers.ContentType?.MediaType);
        var token = StatusListToken.Verify(await response.Content.ReadAsByteArrayAsync(), trust, DateTimeOffset.UtcNow);
        using var offline = new OfflineVerifier(trust, token, TimeProvider.System);
        var outcome = offline.Verify(issued.QrText);
        Assert.True(outcome.IsValid, outcome.Message);
        Assert.Equal(ReportStatus.Valid, outcome.Status);
    }

    [Fact]
    public async Task The_signed_twin_carries_the_exact_content_and_verifies_against_the_published_root_alone()
    {
        var (_, subjectCode, issued) = await IssueWithCodeAsync();
        var holder = await WebTestData.SubjectAsync(factory, subjectCode);
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var grant = await (await holder.PostAsJsonAsync($"/api/v1/reports/{number}/grants", new { purpose = "境外投标", days = 30, singleUse = false })).Content.ReadFromJsonAsync<JsonElement>();
        var code = grant.GetProperty("shareCode").GetString()!;

        var bank = factory.CreateClient();
        var response = await bank.PostAsJsonAsync("/api/v1/share/twin", new { code });
        Assert.Equal(ReportTwin.MediaType, response.Content.Headers.ContentType?.MediaType);
        var jws = await response.Content.ReadAsStringAsync();
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPem(await bank.GetStringAsync("/.well-known/creditproof/report-roots.pem"));
        var (content, bytes) = ReportTwin.Verify(jws, roots.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>().ToList());
        Assert.Equal(issued.Content.Number, content.Number);
        Assert.Equal(issued.Content.RecordCount, content.RecordCount);
        // The same bytes the QR's content digest (claim 8) and the report's seal cover.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number);
            Assert.Equal(stored.Content, bytes);
        }

        // The holder gets the same twin; a stranger does not; one changed character breaks it.
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync($"/api/v1/reports/{number}/twin")).StatusCode);
        var (otherCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await (await WebTestData.SubjectAsync(factory, otherCode)).GetAsync($"/api/v1/reports/{number}/twin")).StatusCode);
        var parts = jws.Split('.');
        var payload = parts[1].ToCharArray();
        payload[20] = payload[20] == 'A' ? 'B' : 'A';
        var tampered = string.Join('.', parts[0], new string(payload), parts[2]);
        Assert.Throws<InvalidDataException>(() => ReportTwin.Verify(tampered, roots.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>().ToList()));
        // A root nobody trusts: the chain fails.
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var otherRoot = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Other", stranger, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));
        Assert.Throws<InvalidDataException>(() => ReportTwin.Verify(jws, [otherRoot]));
        // A header whose certificate is no certificate, and text that is no JWS: refused with a reason.
        var badHeader = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"ES256","typ":"creditproof-report+jws","x5c":["bm90IGEgY2VydA"]}"""u8);
        Assert.Contains("x5c[0]", Assert.Throws<InvalidDataException>(() => ReportTwin.Verify(badHeader + "." + parts[1] + "." + parts[2], [otherRoot])).Message);
        Assert.Throws<InvalidDataException>(() => ReportTwin.Verify("not a jws", [otherRoot]));
        // A wrong share code is refused with a titled problem, never a 500.
        var refused = await bank.PostAsJsonAsync("/api/v1/share/twin", new { code = "AAAA-BBBB-CCCC" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()));
    }

    [Fact]
    public async Task The_well_known_documents_answer_any_origin_and_nothing_that_reads_a_cookie_does()
    {
        var client = factory.CreateClient();
        foreach (var path in new[] { "/.well-known/creditproof/trust-list.json", "/.well-known/creditproof/status-list", "/.well-known/creditproof/tree-head", "/.well-known/creditproof/report-roots.pem" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Origin", "https://bank.example.com" } } };
            var response = await client.SendAsync(request);
            // The tree head is 404 until the background round has signed the first one (test order decides); the
            // header is what this test is about, and it comes with either answer.
            Assert.True(response.IsSuccessStatusCode || (path.EndsWith("/tree-head", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.NotFound),
                $"{path}: {(int)response.StatusCode}");
            Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        foreach (var path in new[] { "/api/v1/verify?qr=x", "/me/reports", "/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Origin", "https://bank.example.com" } } };
            var response = await client.SendAsync(request);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), path);
        }
    }

    [Fact]
    public async Task The_verification_endpoints_are_documented_in_their_own_openapi_document()
    {
        var json = await factory.CreateClient().GetStringAsync("/openapi/verify.json");
        foreach (var path in new[] { "/api/v1/verify", "/api/v1/verify/number", "/api/v1/share", "/api/v1/share/pdf", "/api/v1/share/twin", "/.well-known/creditproof/trust-list.json", "/.well-known/creditproof/status-list" })
            Assert.Contains($"\"{path}\"", json, StringComparison.Ordinal);
        Assert.Contains("qr=https%3A%2F%2F", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_revokes_a_report_with_a_reason_and_a_subject_may_not()
    {
        var (_, subjectCode, issued) = await IssueWithCodeAsync();
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var subject = await WebTestData.SubjectAsync(factory, subjectCode);
        Assert.NotEqual(HttpStatusCode.NoContent, (await subject.PostAsJsonAsync($"/api/v1/reports/{number}/revoke", new { reason = "自己撤销" })).StatusCode);

        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.PostAsJsonAsync($"/api/v1/reports/{number}/revoke", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.PostAsJsonAsync($"/api/v1/reports/{number}/revoke", new { reason = "以欺骗手段取得" })).StatusCode);
        var body = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText));
        Assert.Equal("revoked", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_verification_page_says_when_the_subject_was_renamed_after_issue()
    {
        var (subjectName, code, issued) = await IssueWithCodeAsync();
        await RenameAsync(code, subjectName, subjectName + "（更名）");

        var fragment = issued.QrText[(issued.QrText.IndexOf('#', StringComparison.Ordinal) + 1)..];
        var html = await factory.CreateClient().GetStringAsync($"/v/{ReportNumbers.ParseNumber(issued.ReportNumber)}?p={Uri.EscapeDataString(fragment)}");
        Assert.Contains("data-testid=\"register-note\"", html, StringComparison.Ordinal);
        Assert.Contains($"现名称为“{subjectName}（更名）”", html, StringComparison.Ordinal);
        // A rename alone does not change the report's status: it named the subject correctly at issue.
        Assert.Contains("报告真实有效", html, StringComparison.Ordinal);

        // The API says the same, for relying parties that verify by machine.
        var body = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText));
        Assert.Equal("valid", body.GetProperty("status").GetString());
        var register = body.GetProperty("register");
        Assert.Equal(subjectName + "（更名）", register.GetProperty("currentName").GetString());
        Assert.True(register.TryGetProperty("renamedAt", out var renamedAt) && renamedAt.ValueKind == JsonValueKind.String);
        Assert.False(register.GetProperty("deregistered").GetBoolean());
    }

    [Fact]
    public async Task A_rename_after_the_report_was_verified_shows_within_a_refresh_round_though_the_note_is_held_in_memory()
    {
        var (subjectName, code, issued) = await IssueWithCodeAsync();
        var client = factory.CreateClient();
        var url = "/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText);
        // Verified twice with nothing to say: the second answer comes from the held note.
        for (var i = 0; i < 2; i++)
        {
            var before = await client.GetFromJsonAsync<JsonElement>(url);
            Assert.True(!before.TryGetProperty("register", out var none) || none.ValueKind == JsonValueKind.Null);
        }

        await RenameAsync(code, subjectName, subjectName + "（又更名）");

        // The background round (every couple of seconds) sees the new change and retires the held notes.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        JsonElement after;
        do
        {
            await Task.Delay(250);
            after = await client.GetFromJsonAsync<JsonElement>(url);
        }
        while ((!after.TryGetProperty("register", out var note) || note.ValueKind == JsonValueKind.Null) && watch.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(subjectName + "（又更名）", after.GetProperty("register").GetProperty("currentName").GetString());
        Assert.True(watch.Elapsed < CreditProof.Verification.RegisterNoteCache.MaxAge, $"the rename showed after {watch.Elapsed}");
    }

    [Fact]
    public async Task The_verification_api_has_no_register_note_when_nothing_changed()
    {
        var (_, issued) = await IssueAsync();
        var body = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(issued.QrText));
        Assert.True(body.GetProperty("authentic").GetBoolean());
        Assert.True(!body.TryGetProperty("register", out var register) || register.ValueKind == JsonValueKind.Null);
    }

    /// <summary>The register renames the subject (a change a minute after now, so after the report's issue).</summary>
    private async Task RenameAsync(string code, string oldName, string newName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var subject = await db.Subjects.SingleAsync(s => s.Code == code);
        subject.Name = newName;
        db.Add(new CreditProof.Subjects.SubjectChange
        {
            SubjectId = subject.Id, Kind = CreditProof.Subjects.SubjectChangeKind.Renamed, ChangedFields = "name", OldName = oldName, NewName = newName,
            EffectiveOn = DateOnly.FromDateTime(DateTime.UtcNow), ChangedAt = DateTime.UtcNow.AddMinutes(1), ChangedBy = "registration-authority",
            Channel = CreditProof.Platform.Channel.Api,
        });
        await db.SaveChangesAsync();
    }

    private async Task<(string SubjectName, IssuedReportResult Issued)> IssueAsync() => (await IssueWithCodeAsync()) is var r ? (r.SubjectName, r.Issued) : default;

    private async Task<(string SubjectName, string SubjectCode, IssuedReportResult Issued)> IssueWithCodeAsync()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest
        {
            SubjectCode = code, Domains = ["市场监管", "税务"], RequestedBy = "test",
        });
        return (issued.Content.Subject.Name, code, issued);
    }
}

public sealed class ThrottledVerificationWebFactory : CreditProofWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["CreditProof:Verification:TypedAttemptsPerMinute"] = "3",
    };
}

public sealed class TypedCodeThrottleTests(ThrottledVerificationWebFactory factory) : IClassFixture<ThrottledVerificationWebFactory>
{
    [Fact]
    public async Task Wrong_codes_are_rate_limited_per_client()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/verify/number", new { number = ReportNumbers.NewNumber(), code = ReportNumbers.NewVerificationCode() });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The share-code page draws from the same budget.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/s/ABCD-EFGH-JKMN")).StatusCode);
    }
}

/// <summary>Issue 17: only failed attempts count (its own server, so no other test spends this budget).</summary>
public sealed class FailedAttemptThrottleTests(ThrottledVerificationWebFactory factory) : IClassFixture<ThrottledVerificationWebFactory>
{
    [Fact]
    public async Task Correct_codes_do_not_count_so_many_clerks_behind_one_address_are_not_locked_out()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        IssuedReportResult issued;
        await using (var scope = factory.Services.CreateAsyncScope())
            issued = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, Domains = ["市场监管"], RequestedBy = "test" });

        // The limit is 3 failed attempts a minute (this factory); the bank's clerks verify 8 reports and make 2 typos.
        var bank = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            var typo = i is 3 or 7;
            statuses.Add((await bank.PostAsJsonAsync("/api/v1/verify/number", new { number = issued.ReportNumber, code = typo ? ReportNumbers.NewVerificationCode() : issued.VerificationCode })).StatusCode);
        }

        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.NotFound));
        // Guessing is still stopped: the third failure is the last one this minute, and then correct codes wait too.
        Assert.Equal(HttpStatusCode.NotFound, (await bank.PostAsJsonAsync("/api/v1/verify/number", new { number = ReportNumbers.NewNumber(), code = ReportNumbers.NewVerificationCode() })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await bank.PostAsJsonAsync("/api/v1/verify/number", new { number = ReportNumbers.NewNumber(), code = ReportNumbers.NewVerificationCode() })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await bank.PostAsJsonAsync("/api/v1/verify/number", new { number = issued.ReportNumber, code = issued.VerificationCode })).StatusCode);
    }
}
