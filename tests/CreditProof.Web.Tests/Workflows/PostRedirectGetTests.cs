using System.Globalization;
using System.Text.RegularExpressions;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Workflows;

/// <summary>
/// Issue 17: after a post the browser is on the page's own address (no <c>?handler=</c>), so a reload does not post
/// again, and what the post says is shown exactly once; a secret is shown in answer to its post and never again.
/// </summary>
public sealed partial class PostRedirectGetTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task Staff_changes_redirect_to_the_page_and_say_so_once_and_a_refused_one_is_linked_to_its_field()
    {
        var op = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var user = "prg-" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string>
        {
            ["Input.UserName"] = user, ["Input.DisplayName"] = "窗口测试", ["Input.Role"] = "window", ["Input.Unit"] = "", ["Input.Password"] = "short",
        };
        var refused = await Forms.PostAsync(op, "/operator/staff", fields, "/operator/staff?handler=Add");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"staff-problem\"", refusedHtml, StringComparison.Ordinal);
        var password = InputTag(refusedHtml, "new-password");
        Assert.Contains("aria-invalid=\"true\"", password, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"policy new-password-error\"", password, StringComparison.Ordinal);
        Assert.Contains("id=\"new-password-error\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains($"value=\"{user}\"", InputTag(refusedHtml, "new-user"), StringComparison.Ordinal);

        fields["Input.Password"] = "Correct-Horse-Battery-17";
        var added = await Forms.PostAsync(op, "/operator/staff", fields, "/operator/staff?handler=Add");
        Assert.Equal("/operator/staff", added.RequestMessage!.RequestUri!.PathAndQuery);
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"staff-done\"", addedHtml, StringComparison.Ordinal);
        Assert.Contains(user, Regex.Match(addedHtml, "data-testid=\"staff-done\">[^<]*").Value, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"staff-done\"", await op.GetStringAsync("/operator/staff"), StringComparison.Ordinal);

        var disabled = await Forms.PostAsync(op, "/operator/staff", new Dictionary<string, string> { ["user"] = user }, "/operator/staff?handler=Disable");
        Assert.Equal("/operator/staff", disabled.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("data-testid=\"staff-done\"", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var weakReset = await Forms.PostAsync(op, "/operator/staff", new Dictionary<string, string> { ["user"] = user, ["password"] = "short" }, "/operator/staff?handler=Reset");
        var weakHtml = await weakReset.Content.ReadAsStringAsync();
        var id = await DbAsync(db => db.StaffAccounts.Where(a => a.UserName == user).Select(a => a.Id).SingleAsync());
        Assert.Contains("aria-invalid=\"true\"", InputTag(weakHtml, "reset-" + id.ToString(CultureInfo.InvariantCulture)), StringComparison.Ordinal);
        // A field without an error is not marked invalid (a null message is no message).
        Assert.DoesNotContain("aria-invalid", InputTag(weakHtml, "new-password"), StringComparison.Ordinal);
        Assert.DoesNotContain("aria-invalid", await op.GetStringAsync("/operator/staff"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_key_is_shown_once_with_its_message_and_revoking_one_redirects_to_the_units_page()
    {
        var op = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var unitId = await DbAsync(db => db.Units.Where(u => u.Name == "太原市市场监督管理局").Select(u => u.Id).SingleAsync());
        var page = $"/operator/units/{unitId}";
        var issued = await (await Forms.PostAsync(op, page, new Dictionary<string, string> { ["Label"] = "PRG" }, page + "?handler=Issue")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"new-key\"", issued, StringComparison.Ordinal);
        Assert.Contains("data-shown-once", issued, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"message\"", issued, StringComparison.Ordinal);
        var next = await op.GetStringAsync(page);
        Assert.DoesNotContain("data-testid=\"new-key\"", next, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"message\"", next, StringComparison.Ordinal);

        var keyId = await DbAsync(db => db.UnitApiKeys.Where(k => k.UnitId == unitId && k.Label == "PRG" && k.RevokedAt == null).Select(k => k.Id).FirstAsync());
        var revoked = await Forms.PostAsync(op, page, new Dictionary<string, string> { ["keyId"] = keyId.ToString(CultureInfo.InvariantCulture) }, page + "?handler=Revoke");
        Assert.Equal(page, revoked.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("data-testid=\"message\"", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"message\"", await op.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_steps_success_message_is_not_shown_again_on_the_next_view()
    {
        var op = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var partyId = await DbAsync(db => db.RelyingParties.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var issued = await (await Forms.PostAsync(op, "/operator/relying-parties", new Dictionary<string, string> { ["scopes"] = "verify", ["label"] = "PRG" },
            $"/operator/relying-parties?handler=Key&partyId={partyId}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"new-secret\"", issued, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"message\"", issued, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"message\"", await op.GetStringAsync("/operator/relying-parties"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_chain_check_redirects_to_the_desk_and_shows_its_verdict_once()
    {
        var auditor = await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");
        var verified = await Forms.PostAsync(auditor, "/audit", new Dictionary<string, string>(), "/audit?handler=Verify");
        Assert.Equal("/audit", verified.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("data-intact=\"true\"", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"chain-verdict\"", await auditor.GetStringAsync("/audit"), StringComparison.Ordinal);
    }

    private static string InputTag(string html, string id) => Regex.Match(html, $"<input id=\"{Regex.Escape(id)}\"[^>]*>").Value is { Length: > 0 } tag
        ? tag : throw new Xunit.Sdk.XunitException($"no input {id}");

    private async Task<T> DbAsync<T>(Func<CreditProofDbContext, Task<T>> read)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>());
    }
}
