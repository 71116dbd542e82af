using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Subjects;

/// <summary>The register on the demo host: sign-in of any registered subject, refusals in words, the API, the operator's page.</summary>
public sealed class RegisterWebTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task A_registered_clean_subject_that_is_not_among_the_demo_choices_signs_in_with_its_code()
    {
        var code = await RegisteredCleanCodeAsync(last: true);
        var client = NoRedirects();

        var response = await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/me", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);
    }

    [Theory]
    [InlineData("914403001922038216", "OutsideProvince", "不在本省登记", "registered outside the province")]
    [InlineData("91140105MA00000000", "InvalidCode", "代码无效", "The code is not valid")]
    [InlineData("VALID-UNKNOWN", "Unknown", "未找到您代表的信用主体", "No credit subject found for you")]
    public async Task A_code_in_no_register_and_no_record_gets_a_page_in_chinese_then_english_never_a_500(string code, string problem, string zh, string en)
    {
        if (code == "VALID-UNKNOWN")
            code = CreditCode.Compose('9', '1', "140105", "UNKN0WN1");
        var client = NoRedirects();

        var response = await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin/refused?problem=" + problem, response.Headers.Location?.OriginalString);
        var page = await client.GetAsync(response.Headers.Location);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(html.IndexOf(zh, StringComparison.Ordinal) is var z and >= 0 && html.IndexOf(en, StringComparison.Ordinal) > z, html);
        Assert.Contains("您可以", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin/refused?problem=%3Cscript%3E")).StatusCode);
    }

    [Fact]
    public async Task A_natural_person_is_created_from_the_verified_name_and_id_number_and_then_matched()
    {
        var id = ResidentId.Compose("140105", new DateOnly(1990, 2, 3), 417);
        var first = NoRedirects();
        var response = await Forms.PostAsync(first, "/signin/demo", new Dictionary<string, string> { ["Code"] = id, ["PersonName"] = "赵核验" });
        Assert.Equal("/me", response.Headers.Location?.OriginalString);
        var again = await Forms.PostAsync(NoRedirects(), "/signin/demo", new Dictionary<string, string> { ["Code"] = id });
        Assert.Equal("/me", again.Headers.Location?.OriginalString);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var stored = scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().StorageCode(id);
        var person = await db.Subjects.AsNoTracking().SingleAsync(s => s.Code == stored);
        Assert.Equal(("赵核验", SubjectType.NaturalPerson, true), (person.Name, person.Type, person.InRegister));
        Assert.Equal(SubjectChangeKind.IdentityVerified, (await db.SubjectChanges.SingleAsync(c => c.SubjectId == person.Id)).Kind);
        var html = await (await first.GetAsync("/me")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(id, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_natural_person_without_a_verified_name_is_told_what_to_do()
    {
        var id = ResidentId.Compose("140105", new DateOnly(1991, 4, 5), 9);
        var response = await Forms.PostAsync(NoRedirects(), "/signin/demo", new Dictionary<string, string> { ["Code"] = id });
        Assert.Equal("/signin/refused?problem=NoVerifiedIdentity", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_demo_choices_offer_units_with_staff_accounts_a_clean_subject_a_natural_person_and_a_deregistered_one()
    {
        var html = await factory.CreateClient().GetStringAsync("/signin/demo");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        foreach (var unit in new[] { "太原市市场监督管理局", "国家税务总局山西省税务局" })
        {
            var codes = await db.Records.Where(r => r.Unit.Name == unit).Select(r => r.Subject.Code).ToListAsync();
            Assert.Contains(codes, c => html.Contains($"value=\"{c}\"", StringComparison.Ordinal));
        }

        Assert.Contains("自然人", html, StringComparison.Ordinal);
        Assert.Contains("（注销）", html, StringComparison.Ordinal);
        var clean = await db.Subjects.Where(s => !db.Records.Any(r => r.SubjectId == s.Id) && s.Type != SubjectType.NaturalPerson).Select(s => s.Code).ToListAsync();
        Assert.Contains(clean, c => html.Contains($"value=\"{c}\"", StringComparison.Ordinal));
        Assert.Equal(0, await db.Subjects.CountAsync(s => !s.InRegister && s.CreatedAt == s.RegisterUpdatedAt));
    }

    [Fact]
    public async Task The_registration_authority_sends_changes_with_its_api_key_and_other_units_are_refused()
    {
        _ = factory.Server;
        string authorityKey, otherKey;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var keys = new UnitApiKeys(db, TimeProvider.System);
            var authority = await db.Units.SingleAsync(u => u.IsRegistrationAuthority);
            authorityKey = (await keys.IssueAsync(authority.CreditCode, "test", null)).Key;
            otherKey = (await keys.IssueAsync(await db.Units.Where(u => u.Name == "国家税务总局山西省税务局").Select(u => u.CreditCode).SingleAsync(), "test", null)).Key;
        }

        var code = await RegisteredCleanCodeAsync(last: false);
        var newCode = CreditCode.Compose('9', '1', "140106", "APNEW001");
        object[] rows =
        [
            new Dictionary<string, string> { ["code"] = code, ["name"] = "接口更名后有限公司", ["type"] = "企业", ["status"] = "存续" },
            new Dictionary<string, string> { ["统一社会信用代码"] = newCode, ["名称"] = "接口新登记有限公司", ["主体类型"] = "企业", ["登记状态"] = "开业", ["成立日期"] = "2026-01-05" },
            new Dictionary<string, string> { ["code"] = "914403001922038216", ["name"] = "外省公司", ["region"] = "440300" },
        ];

        var anonymous = await factory.CreateClient().PostAsJsonAsync("/api/v1/register/subjects", rows);
        var other = factory.CreateClient();
        other.DefaultRequestHeaders.Add("X-Api-Key", otherKey);
        var refused = await other.PostAsJsonAsync("/api/v1/register/subjects", rows);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", authorityKey);
        var response = await client.PostAsJsonAsync("/api/v1/register/subjects", rows);
        var broken = await client.PostAsync("/api/v1/register/subjects", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1, 1, 1), (body.GetProperty("created").GetInt32(), body.GetProperty("updated").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.Equal("region_outside_province", body.GetProperty("rows")[2].GetProperty("errors")[0].GetProperty("rule").GetString());

        await using var check = factory.Services.CreateAsyncScope();
        var changes = await check.ServiceProvider.GetRequiredService<CreditProofDbContext>().SubjectChanges.AsNoTracking()
            .Where(c => c.NewName == "接口更名后有限公司").ToListAsync();
        Assert.Single(changes);
        Assert.StartsWith(await check.ServiceProvider.GetRequiredService<CreditProofDbContext>().Units.Where(u => u.IsRegistrationAuthority).Select(u => u.CreditCode).SingleAsync(),
            changes[0].ChangedBy, StringComparison.Ordinal);

        var openApi = await factory.CreateClient().GetStringAsync("/openapi/register.json");
        Assert.Contains("/api/v1/register/subjects", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_and_the_window_find_subjects_by_name_prefix_and_the_operator_sees_those_not_in_register()
    {
        var (recordOnlyCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var window = await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026");
        string name;
        await using (var scope = factory.Services.CreateAsyncScope())
            name = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.Where(s => s.Code == recordOnlyCode).Select(s => s.Name).SingleAsync();

        var page = await operatorClient.GetStringAsync("/operator/subjects?q=" + Uri.EscapeDataString(name[..6]));
        var windowPage = await window.GetStringAsync("/window?q=" + Uri.EscapeDataString(name[..6]));
        var byCode = await window.GetStringAsync("/window?q=" + recordOnlyCode[..10]);
        var notInRegister = await operatorClient.GetStringAsync("/operator/subjects");

        Assert.Contains(recordOnlyCode, page, StringComparison.Ordinal);
        Assert.Contains(recordOnlyCode, windowPage, StringComparison.Ordinal);
        Assert.Contains(recordOnlyCode, byCode, StringComparison.Ordinal);
        Assert.DoesNotContain(recordOnlyCode, await window.GetStringAsync("/window?q=" + Uri.EscapeDataString(name[2..8])), StringComparison.Ordinal);
        Assert.Contains(recordOnlyCode, notInRegister[notInRegister.IndexOf("data-testid=\"not-in-register\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/operator/subjects")).StatusCode);
    }

    private HttpClient NoRedirects() => factory.CreateClient(new() { AllowAutoRedirect = false });

    private async Task<string> RegisteredCleanCodeAsync(bool last)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var clean = db.Subjects.Where(s => s.InRegister && s.RegisterStatus == RegisterStatus.Active && !db.Records.Any(r => r.SubjectId == s.Id));
        return await (last ? clean.OrderByDescending(s => s.Code) : clean.OrderByDescending(s => s.Code).Skip(1)).Select(s => s.Code).FirstAsync();
    }
}
