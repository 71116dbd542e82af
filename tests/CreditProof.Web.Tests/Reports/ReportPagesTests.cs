using System.Net;
using CreditProof.Audit;
using CreditProof.Identifiers;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Reports;

/// <summary>The subject's report pages and the service window: who may issue, open and download which report.</summary>
public sealed class ReportPagesTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    private static readonly KeyValuePair<string, string>[] TwoDomains =
    [
        new("Form.Domains", "market-regulation"),
        new("Form.Domains", "taxation"),
        new("Form.Period", "3"),
        new("Form.Purpose", "bidding"),
    ];

    [Fact]
    public async Task A_subject_issues_a_report_for_two_domains_and_downloads_the_stored_pdf()
    {
        var (code, _) = await SubjectsAsync(0);
        var client = await SubjectClientAsync(code);
        var response = await Forms.PostAsync(client, "/me/reports/new", TwoDomains);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = NumberFrom(response);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"report-domains\">市场监管、税务<", page, StringComparison.Ordinal);

        var pdf = await client.GetAsync($"/me/reports/{number}?handler=Pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().IssuedReports.SingleAsync(r => r.Number == number);
        Assert.Equal(await scope.ServiceProvider.GetRequiredService<PdfStore>().ReadAsync(stored), bytes);
        Assert.Equal(stored.PdfSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        Assert.Equal("subject:" + stored.SubjectDisplayCode, stored.RequestedBy);
        Assert.Contains($"data-report=\"{number}\"", await client.GetStringAsync("/me/reports"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_whose_file_was_altered_or_removed_is_refused_with_a_bilingual_503_and_an_audit_entry_never_other_bytes()
    {
        var (code, _) = await SubjectsAsync(8);
        var client = await SubjectClientAsync(code);
        var number = NumberFrom(await Forms.PostAsync(client, "/me/reports/new", TwoDomains));
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number);
        var path = scope.ServiceProvider.GetRequiredService<PdfStore>().PathFor(stored.PdfSha256);
        Assert.StartsWith(Path.Combine(factory.DataDirectory, "pdfs"), path, StringComparison.Ordinal);
        var signed = await File.ReadAllBytesAsync(path);
        var altered = (byte[])signed.Clone();
        altered[^10] ^= 0x20;
        await File.WriteAllBytesAsync(path, altered);

        var refused = await client.GetAsync($"/me/reports/{number}?handler=Pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("报告的PDF文件暂时无法提供", problem, StringComparison.Ordinal);
        Assert.Contains("cannot be provided right now", problem, StringComparison.Ordinal);
        var audited = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == "report-pdf damaged" && e.ObjectId == ReportNumbers.FormatNumber(number)).ToListAsync();
        Assert.Equal(AuditOutcome.Failed, Assert.Single(audited).Outcome);

        File.Delete(path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync($"/me/reports/{number}?handler=Pdf")).StatusCode);
        await File.WriteAllBytesAsync(path, signed);
        Assert.Equal(signed, await client.GetByteArrayAsync($"/me/reports/{number}?handler=Pdf"));
    }

    [Fact]
    public async Task The_report_page_shows_the_verification_code_that_verifies_it_and_the_validity_end()
    {
        // Issue 17: the holder's page showed neither; the code was only on the PDF.
        var (code, _) = await SubjectsAsync(3);
        var client = await SubjectClientAsync(code);
        var response = await Forms.PostAsync(client, "/me/reports/new", TwoDomains);
        var number = NumberFrom(response);
        var page = await response.Content.ReadAsStringAsync();
        var shown = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"report-verification-code\">([0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3})<");
        Assert.True(shown.Success, "the report page shows no verification code");
        var validUntil = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"report-valid-until\">([0-9-]{10} [0-9:]{8})");
        Assert.True(validUntil.Success, "the report page shows no validity end");

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var stored = await db.IssuedReports.SingleAsync(r => r.Number == number);
        Assert.Equal(stored.ExpiresAt.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), validUntil.Groups[1].Value);
        var outcome = await scope.ServiceProvider.GetRequiredService<CreditProof.Verification.ReportVerifier>().VerifyNumberAsync(scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>(), number, shown.Groups[1].Value);
        Assert.True(outcome.Authentic);
    }

    [Fact]
    public async Task The_form_offers_a_bilingual_report_and_the_choice_is_stored_with_it()
    {
        var (code, _) = await SubjectsAsync(9);
        var client = await SubjectClientAsync(code);
        var form = await client.GetStringAsync("/me/reports/new");
        Assert.Contains("name=\"Form.Bilingual\"", form, StringComparison.Ordinal);
        Assert.Contains("中英文对照", form, StringComparison.Ordinal);

        var number = NumberFrom(await Forms.PostAsync(client, "/me/reports/new", [.. TwoDomains, new("Form.Bilingual", "true")]));
        var plain = NumberFrom(await Forms.PostAsync(client, "/me/reports/new", TwoDomains));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        Assert.True((await db.IssuedReports.SingleAsync(r => r.Number == number)).Bilingual);
        Assert.False((await db.IssuedReports.SingleAsync(r => r.Number == plain)).Bilingual);
    }

    [Fact]
    public async Task Another_subject_gets_not_found_for_the_report_and_its_pdf()
    {
        var (owner, other) = await SubjectsAsync(1);
        var ownerClient = await SubjectClientAsync(owner);
        var number = NumberFrom(await Forms.PostAsync(ownerClient, "/me/reports/new", TwoDomains));

        var otherClient = await SubjectClientAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/me/reports/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/me/reports/{number}?handler=Pdf")).StatusCode);
        Assert.DoesNotContain(number, await otherClient.GetStringAsync("/me/reports"), StringComparison.Ordinal);

        var staff = await StaffClientAsync("window", "Demo-Window-2026", allowRedirect: false);
        var refused = await staff.GetAsync($"/me/reports/{number}?handler=Pdf");
        Assert.StartsWith("/forbidden", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuing_without_the_antiforgery_token_is_refused()
    {
        var (code, _) = await SubjectsAsync(2);
        var client = await SubjectClientAsync(code);
        var response = await client.PostAsync("/me/reports/new", new FormUrlEncodedContent(TwoDomains));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var subjectId = await db.Subjects.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
        Assert.False(await db.IssuedReports.AnyAsync(r => r.SubjectId == subjectId));
    }

    [Fact]
    public async Task The_form_shows_the_period_rule_broken_and_asks_for_domains()
    {
        var (code, _) = await SubjectsAsync(3);
        var client = await SubjectClientAsync(code);
        var html = await (await Forms.PostAsync(client, "/me/reports/new",
        [
            new("Form.Period", "custom"),
            new("Form.From", "2020-01-01"),
            new("Form.To", "2024-01-01"),
            new("Form.Purpose", "finance"),
        ])).Content.ReadAsStringAsync();
        Assert.Contains("请至少选择一个领域", html, StringComparison.Ordinal);

        html = await (await Forms.PostAsync(client, "/me/reports/new",
        [
            new("Form.Domains", "taxation"),
            new("Form.Period", "custom"),
            new("Form.From", "2020-01-01"),
            new("Form.To", "2024-01-01"),
            new("Form.Purpose", "finance"),
        ])).Content.ReadAsStringAsync();
        Assert.Contains("起始日期 2020-01-01 早于数据归集起始日 2022-08-01", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"form-errors\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_all_works_without_javascript()
    {
        var (code, _) = await SubjectsAsync(4);
        var client = await SubjectClientAsync(code);
        var html = await (await Forms.PostAsync(client, "/me/reports/new", [new("Form.Select", "all"), new("Form.Period", "3")])).Content.ReadAsStringAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var covered = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Domains.CountAsync(d => d.IsCovered);
        Assert.Equal(covered, CountOf(html, "name=\"Form.Domains\" value=\"", "checked=\"checked\""));
        html = await (await Forms.PostAsync(client, "/me/reports/new", [new("Form.Select", "none"), new("Form.Domains", "taxation")])).Content.ReadAsStringAsync();
        Assert.Equal(0, CountOf(html, "name=\"Form.Domains\" value=\"", "checked=\"checked\""));
    }

    [Fact]
    public async Task Window_staff_issue_on_a_subjects_behalf_only_after_checking_identity()
    {
        var (code, _) = await SubjectsAsync(5);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var subject = await db.Subjects.SingleAsync(s => s.Code == code);
        var window = await StaffClientAsync("window", "Demo-Window-2026");

        var refused = await (await Forms.PostAsync(window, $"/window/subjects/{subject.Id}", TwoDomains)).Content.ReadAsStringAsync();
        Assert.Contains("请先当面核验申请人身份", refused, StringComparison.Ordinal);
        Assert.False(await db.IssuedReports.AnyAsync(r => r.SubjectId == subject.Id));

        var idNumber = ResidentId.Compose("140105", new DateOnly(1980, 5, 17), 123);
        var issued = await Forms.PostAsync(window, $"/window/subjects/{subject.Id}",
            [.. TwoDomains, new("Identity.Document", "ResidentIdCard"), new("Identity.Number", idNumber), new("Identity.HolderName", "王晋")]);
        var number = NumberFrom(issued);
        Assert.StartsWith("/window/reports/", issued.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var report = await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number);
        Assert.Equal($"window:window:on-behalf-of:{subject.DisplayCode}", report.RequestedBy);
        Assert.Equal(subject.Id, report.SubjectId);
        Assert.Equal("application/pdf", (await window.GetAsync($"/window/reports/{number}?handler=Pdf&inline=true")).Content.Headers.ContentType!.MediaType);
        // Which document was checked, by whom and when, is kept — the number masked, never in full.
        var check = await db.IdentityChecks.AsNoTracking().SingleAsync(c => c.SubjectId == subject.Id);
        Assert.Equal((CreditProof.Subjects.IdentityDocument.ResidentIdCard, ResidentId.Mask(idNumber), "王晋", "window", "report"),
            (check.Document, check.MaskedNumber, check.HolderName, check.CheckedBy, check.Purpose));
        Assert.DoesNotContain(idNumber, await window.GetStringAsync($"/window/subjects/{subject.Id}"), StringComparison.Ordinal);

        // The subject finds it among its own reports, marked as issued at a window.
        var own = await SubjectClientAsync(code);
        Assert.Contains("data-testid=\"issued-at-window\"", await own.GetStringAsync($"/me/reports/{number}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Window_staff_cannot_open_a_report_the_subject_issued_itself()
    {
        var (code, _) = await SubjectsAsync(6);
        var number = NumberFrom(await Forms.PostAsync(await SubjectClientAsync(code), "/me/reports/new", TwoDomains));
        var window = await StaffClientAsync("window", "Demo-Window-2026");
        Assert.Equal(HttpStatusCode.NotFound, (await window.GetAsync($"/window/reports/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await window.GetAsync($"/window/reports/{number}?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task The_window_finds_a_person_by_id_number_and_shows_it_masked()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var person = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.FirstAsync(s => s.Type == SubjectType.NaturalPerson);
        var id = scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().Decrypt(person.IdNumberCiphertext!);
        var window = await StaffClientAsync("window", "Demo-Window-2026");
        var html = await window.GetStringAsync("/window?q=" + id);
        Assert.Contains(ResidentId.Mask(id), html, StringComparison.Ordinal);
        Assert.Contains(person.Name, html, StringComparison.Ordinal);
        Assert.DoesNotContain(id, html[html.IndexOf("<main", StringComparison.Ordinal)..].Replace($"value=\"{id}\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_may_not_use_the_window()
    {
        var (code, _) = await SubjectsAsync(7);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        var response = await client.GetAsync("/window");
        Assert.StartsWith("/forbidden", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static string NumberFrom(HttpResponseMessage response)
    {
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.Matches("/reports/[0-9A-Z]{16}$", path);
        return path[^16..];
    }

    private static int CountOf(string html, string start, string mustFollow)
    {
        var count = 0;
        for (var at = html.IndexOf(start, StringComparison.Ordinal); at >= 0; at = html.IndexOf(start, at + 1, StringComparison.Ordinal))
        {
            var tagEnd = html.IndexOf('>', at);
            if (html.AsSpan(at, tagEnd - at).Contains(mustFollow, StringComparison.Ordinal))
                count++;
        }

        return count;
    }

    private async Task<HttpClient> SubjectClientAsync(string code)
    {
        var client = factory.CreateClient();
        await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        return client;
    }

    private async Task<HttpClient> StaffClientAsync(string user, string password, bool allowRedirect = true)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = allowRedirect });
        await WebTestData.SignInStaffAsync(factory, client, user, password);
        return client;
    }

    /// <summary>Two distinct organisations with effective records, picked by offset so tests do not share a subject.</summary>
    private async Task<(string First, string Second)> SubjectsAsync(int offset)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var codes = await db.Subjects.Where(s => s.Type != SubjectType.NaturalPerson && db.Records.Any(r => r.SubjectId == s.Id && r.Status == LegalStatus.Effective))
            .OrderBy(s => s.Code).Select(s => s.Code).Skip(offset * 2).Take(2).ToListAsync();
        return (codes[0], codes[1]);
    }
}

public sealed class ReportPagesInEnglishTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task The_new_report_page_speaks_english_on_request()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var code = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.OrderBy(s => s.Code).Select(s => s.Code).FirstAsync();
        var client = factory.CreateClient();
        await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        await client.GetAsync("/culture/en?returnUrl=/");
        var html = await client.GetStringAsync("/me/reports/new");
        Assert.Contains("<h1>Get a credit report</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Economy and market regulation", html, StringComparison.Ordinal);
        Assert.Contains(">market regulation<", html, StringComparison.Ordinal);
    }
}
