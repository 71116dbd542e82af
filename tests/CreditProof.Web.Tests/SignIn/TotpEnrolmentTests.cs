using System.Net;
using System.Text.RegularExpressions;
using CreditProof.Accounts;
using CreditProof.Storage;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.SignIn;

public sealed partial class TotpEnrolmentTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task An_operator_without_totp_must_enrol_before_anything_else_and_then_needs_the_code_to_sign_in()
    {
        const string user = "operator-enrol";
        const string password = "a long enough operator passphrase";
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Null((await scope.ServiceProvider.GetRequiredService<StaffAdministration>().AddAsync(user, "新运营人员", StaffRole.Operator, null, password)).Problem);

        var client = factory.CreateClient();
        await Forms.PostAsync(client, "/signin/staff", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password });
        // Every page leads to the enrolment until it is done; APIs refuse.
        var operatorPage = await client.GetAsync("/operator/dashboard");
        Assert.Equal("/staff/totp", operatorPage.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await operatorPage.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"totp-required\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/reports/0000000000000000")).StatusCode);
        Assert.Contains("src=\"data:image/png;base64,", page, StringComparison.Ordinal);
        var secret = Base32Decode(SecretPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(20, secret.Length);

        var wrong = await (await Forms.PostAsync(client, "/staff/totp", [new("pending", PendingPattern().Match(page).Groups[1].Value), new("code", "000000")])).Content.ReadAsStringAsync();
        Assert.Contains("动态码错误", wrong, StringComparison.Ordinal);
        Assert.False(await TotpEnabledAsync(user));

        var code = Totp.Code(secret, DateTimeOffset.UtcNow);
        var enabled = await (await Forms.PostAsync(client, "/staff/totp", [new("pending", PendingPattern().Match(wrong).Groups[1].Value), new("code", code)])).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"totp-enabled\"", enabled, StringComparison.Ordinal);
        Assert.True(await TotpEnabledAsync(user));
        var dashboard = await client.GetAsync("/operator/dashboard");
        Assert.Equal("/operator/dashboard", dashboard.RequestMessage!.RequestUri!.AbsolutePath);

        var next = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await Forms.PostAsync(next, "/signin/staff", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/signin/totp", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_auditor_signs_in_with_the_code_of_the_secret_in_the_readme()
    {
        var client = factory.CreateClient();
        await WebTestData.SignInStaffAsync(factory, client, "auditor", "Demo-Auditor-2026");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/operator/dashboard")).StatusCode);
        Assert.Equal(DemoAccounts.TotpSecretOf("auditor"), Base32Decode("INZGKZDJORIHE33PMYWWC5LENF2G64RB"));
        Assert.Equal(DemoAccounts.TotpSecretOf("operator"), Base32Decode("INZGKZDJORIHE33PMYWW64DFOJQXI33S"));
    }

    [Fact]
    public async Task A_pending_secret_from_another_account_is_refused()
    {
        var first = factory.CreateClient();
        await Forms.PostAsync(first, "/signin/staff", new Dictionary<string, string> { ["UserName"] = "window", ["Password"] = "Demo-Window-2026" });
        var page = await first.GetStringAsync("/staff/totp");
        var secret = Base32Decode(SecretPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));

        var second = factory.CreateClient();
        await Forms.PostAsync(second, "/signin/staff", new Dictionary<string, string> { ["UserName"] = "unit-sx-tax", ["Password"] = "Demo-Unit-2026" });
        var html = await (await Forms.PostAsync(second, "/staff/totp", [new("pending", PendingPattern().Match(page).Groups[1].Value), new("code", Totp.Code(secret, DateTimeOffset.UtcNow))]))
            .Content.ReadAsStringAsync();
        Assert.Contains("设置已超时", html, StringComparison.Ordinal);
        Assert.False(await TotpEnabledAsync("unit-sx-tax"));
    }

    private async Task<bool> TotpEnabledAsync(string user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().StaffAccounts.AsNoTracking().SingleAsync(a => a.UserName == user)).TotpEnabled;
    }

    /// <summary>An independent RFC 4648 base32 decoder, so the test does not trust the page's encoder.</summary>
    private static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.Select(c => Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }

    [GeneratedRegex("data-testid=\"totp-secret\">([A-Z2-7 ]+)<")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("name=\"pending\" value=\"([^\"]+)\"")]
    private static partial Regex PendingPattern();
}
