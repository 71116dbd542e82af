using System.Net;
using System.Text.Json.Nodes;
using CreditProof.Ingest;
using CreditProof.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Operator;

public sealed class OperatorPagesTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task An_api_key_is_shown_once_works_for_its_unit_and_stops_working_when_revoked()
    {
        var client = await OperatorAsync();
        var unit = await UnitAsync("太原市市场监督管理局");
        var issued = await (await Forms.PostAsync(client, $"/operator/units/{unit.Id}", new Dictionary<string, string> { ["Label"] = "测试系统" },
            $"/operator/units/{unit.Id}?handler=Issue")).Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(issued, "data-testid=\"new-key\"[^>]*value=\"(cpk_[^\"]+)\"|value=\"(cpk_[^\"]+)\"[^>]*data-testid=\"new-key\"");
        Assert.True(key.Success, "the new key is on the page");
        var plain = key.Groups[1].Success ? key.Groups[1].Value : key.Groups[2].Value;

        await using var scope = factory.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<UnitApiKeys>();
        var owner = await keys.FindOwnerAsync(plain);
        Assert.Equal(unit.Id, owner!.UnitId);
        var stored = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().UnitApiKeys.SingleAsync(k => k.Id == owner.KeyId);
        Assert.Equal("portal:operator", stored.IssuedBy);
        Assert.DoesNotContain(plain, await client.GetStringAsync($"/operator/units/{unit.Id}"), StringComparison.Ordinal);

        await Forms.PostAsync(client, $"/operator/units/{unit.Id}", new Dictionary<string, string> { ["keyId"] = owner.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/operator/units/{unit.Id}?handler=Revoke");
        Assert.Null(await keys.FindOwnerAsync(plain));
    }

    [Fact]
    public async Task A_key_of_another_unit_cannot_be_revoked_through_this_units_page()
    {
        var client = await OperatorAsync();
        var market = await UnitAsync("太原市市场监督管理局");
        var tax = await UnitAsync("国家税务总局山西省税务局");
        await using var scope = factory.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<UnitApiKeys>();
        var taxKey = await keys.IssueAsync(tax.CreditCode, "test", null);
        var response = await Forms.PostAsync(client, $"/operator/units/{market.Id}", new Dictionary<string, string> { ["keyId"] = taxKey.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/operator/units/{market.Id}?handler=Revoke");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(await keys.FindOwnerAsync(taxKey.Key));
    }

    [Fact]
    public async Task A_domain_marked_not_covered_can_no_longer_be_chosen()
    {
        var client = await OperatorAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var archives = await db.Domains.AsNoTracking().SingleAsync(d => d.Code == "archives");
        await Forms.PostAsync(client, "/operator/domains", new Dictionary<string, string> { ["id"] = archives.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["covered"] = "false", ["confirm"] = "true", ["reason"] = "数据暂停报送" },
            "/operator/domains?handler=Cover");
        Assert.False((await db.Domains.AsNoTracking().SingleAsync(d => d.Code == "archives")).IsCovered);
        await Forms.PostAsync(client, "/operator/domains", new Dictionary<string, string> { ["id"] = archives.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["covered"] = "true", ["confirm"] = "true", ["reason"] = "恢复报送" },
            "/operator/domains?handler=Cover");
        Assert.True((await db.Domains.AsNoTracking().SingleAsync(d => d.Code == "archives")).IsCovered);
    }

    [Fact]
    public async Task A_template_downloaded_changed_and_uploaded_becomes_the_one_in_use()
    {
        var client = await OperatorAsync();
        var json = JsonNode.Parse(await client.GetStringAsync("/operator/templates?handler=Json&version=2026.1"))!;
        json["version"] = "2026.2-test";
        json["title"] = "专项信用报告（测试版）";
        var added = await Forms.PostAsync(client, "/operator/templates", new Dictionary<string, string> { ["Json"] = json.ToJsonString() });
        // Post/Redirect/Get: the browser is back on the page, and the message is shown once.
        Assert.Equal("/operator/templates", added.RequestMessage!.RequestUri!.PathAndQuery);
        var page = await added.Content.ReadAsStringAsync();
        Assert.Contains("已新增模板版本 2026.2-test", page, StringComparison.Ordinal);
        Assert.DoesNotContain("已新增模板版本", await client.GetStringAsync("/operator/templates"), StringComparison.Ordinal);
        Assert.Matches("data-template=\"2026.2-test\">(?:(?!</tr>).)*data-testid=\"active-template\"", page.Replace("\n", "", StringComparison.Ordinal));

        var again = await (await Forms.PostAsync(client, "/operator/templates", new Dictionary<string, string> { ["Json"] = json.ToJsonString() })).Content.ReadAsStringAsync();
        Assert.Contains("exists already", again, StringComparison.Ordinal);
        var broken = await (await Forms.PostAsync(client, "/operator/templates", new Dictionary<string, string> { ["Json"] = "{\"version\":\"x\"" })).Content.ReadAsStringAsync();
        Assert.Contains("模板未被接受", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotating_the_signing_key_makes_a_new_key_active_and_shows_no_private_material()
    {
        var client = await OperatorAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var before = await db.SigningKeys.AsNoTracking().SingleAsync(k => k.IsActive && k.Algorithm == Signing.SigningAlgorithm.Sm2);
        var page = await (await Forms.PostAsync(client, "/operator/keys", new Dictionary<string, string> { ["algorithm"] = "Sm2" }, "/operator/keys?handler=Rotate")).Content.ReadAsStringAsync();
        var after = await db.SigningKeys.AsNoTracking().SingleAsync(k => k.IsActive && k.Algorithm == Signing.SigningAlgorithm.Sm2);
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal("portal:operator", after.CreatedBy);
        Assert.Contains(after.Id, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(after.EncryptedPrivateKey), page, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(after.EncryptedPrivateKey), page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_data_overview_counts_what_the_database_holds()
    {
        var client = await OperatorAsync();
        var html = await client.GetStringAsync("/operator/demo");
        await using var scope = factory.Services.CreateAsyncScope();
        var subjects = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.CountAsync();
        Assert.Contains($"<div data-count=\"Subjects\"><dt>信用主体</dt><dd>{subjects:N0}</dd>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/operator")]
    [InlineData("/operator/units")]
    [InlineData("/operator/domains")]
    [InlineData("/operator/templates")]
    [InlineData("/operator/keys")]
    [InlineData("/operator/demo")]
    public async Task Window_staff_are_refused_the_operator_pages(string path)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.PostAsync(client, "/signin/staff", new Dictionary<string, string> { ["UserName"] = "window", ["Password"] = "Demo-Window-2026" });
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/forbidden", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task<HttpClient> OperatorAsync()
    {
        var client = factory.CreateClient();
        await WebTestData.SignInStaffAsync(factory, client, "operator", "Demo-Operator-2026");
        return client;
    }

    private async Task<Units.DataSourceUnit> UnitAsync(string name)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Units.AsNoTracking().SingleAsync(u => u.Name == name);
    }
}
