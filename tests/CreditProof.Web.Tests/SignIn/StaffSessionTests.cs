using System.Net;
using System.Text.RegularExpressions;
using CreditProof.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.SignIn;

/// <summary>The demo host with a clock the test moves, so that a session's absolute lifetime can pass.</summary>
public sealed class MovableClockWebFactory : CreditProofWebFactory
{
    public MovableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

/// <summary>
/// A session cookie is replayed the way a thief would: copied out of one browser, sent by another client that keeps
/// no cookies of its own.
/// </summary>
public sealed partial class StaffSessionTests(MovableClockWebFactory factory) : IClassFixture<MovableClockWebFactory>
{
    [Fact]
    public async Task Disabling_an_account_ends_its_open_session()
    {
        var cookie = await SignInAsync("unit-ty-market", "Demo-Unit-2026");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/unit/inbox", cookie));

        await WithSessionsAsync(s => s.DisableAsync("unit-ty-market"));

        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync("/unit/inbox", cookie));
    }

    [Fact]
    public async Task Resetting_the_password_ends_the_accounts_open_sessions()
    {
        var cookie = await SignInAsync("unit-sx-tax", "Demo-Unit-2026");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/unit/inbox", cookie));

        await WithSessionsAsync(s => s.ResetPasswordAsync("unit-sx-tax", "Another-Unit-Password-2026"));

        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync("/unit/inbox", cookie));
        var again = await SignInAsync("unit-sx-tax", "Another-Unit-Password-2026");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/unit/inbox", again));
    }

    [Fact]
    public async Task Signing_out_invalidates_a_copy_of_the_cookie()
    {
        var cookie = await SignInAsync("window", "Demo-Window-2026");
        var copy = cookie;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/window", copy));

        var client = Client();
        var page = await SendAsync(client, HttpMethod.Get, "/staff", cookie);
        var token = TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var signOut = await SendAsync(client, HttpMethod.Post, "/signin?handler=SignOut", Join(cookie, CookiesOf(page)),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync("/window", copy));
    }

    [Fact]
    public async Task An_active_session_still_ends_at_its_absolute_lifetime()
    {
        var cookie = await SignInAsync("window", "Demo-Window-2026");
        var client = Client();
        // A request every 20 minutes for 7 h 40 min: the 30-minute sliding expiry alone would never end the session.
        for (var step = 0; step < 23; step++)
        {
            factory.Clock.Now += TimeSpan.FromMinutes(20);
            var response = await SendAsync(client, HttpMethod.Get, "/window", cookie);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Sliding expiry renews the cookie; the browser keeps the newest.
            if (CookiesOf(response).FirstOrDefault(c => c.StartsWith("creditproof=", StringComparison.Ordinal)) is { } renewed)
                cookie = renewed;
        }

        factory.Clock.Now += TimeSpan.FromMinutes(25);
        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync("/window", cookie));
    }

    private async Task WithSessionsAsync(Func<StaffSessions, Task<bool>> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await change(scope.ServiceProvider.GetRequiredService<StaffSessions>()));
    }

    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <returns>The session cookie as a <c>Cookie</c> header value.</returns>
    private async Task<string> SignInAsync(string user, string password)
    {
        var client = Client();
        var page = await client.GetAsync("/signin/staff");
        var token = TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var response = await SendAsync(client, HttpMethod.Post, "/signin/staff", string.Join("; ", CookiesOf(page)),
            new FormUrlEncodedContent([new("UserName", user), new("Password", password), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return CookiesOf(response).Single(c => c.StartsWith("creditproof=", StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string cookie) => (await SendAsync(Client(), HttpMethod.Get, path, cookie)).StatusCode;

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookie, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static List<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values.Select(v => v.Split(';')[0]).Where(v => !v.EndsWith('='))] : [];

    private static string Join(string cookie, IEnumerable<string> more) => string.Join("; ", more.Prepend(cookie));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
