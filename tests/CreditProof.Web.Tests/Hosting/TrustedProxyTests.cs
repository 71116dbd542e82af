using System.Net;
using System.Net.Http.Json;
using CreditProof.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Hosting;

/// <summary>
/// The web host behind a reverse proxy at 10.0.0.5 (the only trusted one), three typed attempts a minute. The test
/// server has no sockets, so the TCP peer of each request is taken from the test-only header <c>X-Test-Peer</c>.
/// </summary>
public sealed class ProxiedWebFactory : CreditProofWebFactory
{
    public const string Proxy = "10.0.0.5";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["CreditProof:Verification:TypedAttemptsPerMinute"] = "3",
        ["CreditProof:TrustedProxies"] = Proxy + ", 192.168.7.0/24",
        ["CreditProof:PublicBaseUrl"] = "https://credit.example.cn",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers["X-Test-Peer"].FirstOrDefault() ?? "198.51.100.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class TrustedProxyTests(ProxiedWebFactory factory) : IClassFixture<ProxiedWebFactory>
{
    private async Task<HttpStatusCode> AttemptAsync(string peer, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify/number")
        {
            Content = JsonContent.Create(new { number = ReportNumbers.NewNumber(), code = ReportNumbers.NewVerificationCode() }),
        };
        request.Headers.Add("X-Test-Peer", peer);
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await factory.CreateClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_client_has_its_own_budget()
    {
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, await AttemptAsync(ProxiedWebFactory.Proxy, "203.0.113.10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(ProxiedWebFactory.Proxy, "203.0.113.10"));
        // Another client behind the same proxy is not punished for the first one's guesses.
        Assert.Equal(HttpStatusCode.NotFound, await AttemptAsync(ProxiedWebFactory.Proxy, "203.0.113.11"));
        // A chain of trusted proxies: the client is the first untrusted address from the right, whatever it put on the left.
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync(ProxiedWebFactory.Proxy, "1.2.3.4, 203.0.113.10, 192.168.7.20"));
    }

    [Fact]
    public async Task A_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add(await AttemptAsync("198.51.100.77", $"203.0.113.{100 + i}"));
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task IPv6_clients_share_a_budget_per_64_prefix()
    {
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, await AttemptAsync($"2001:db8:1:2::{i + 1}", null));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptAsync("2001:db8:1:2:ffff::9", null));
        Assert.Equal(HttpStatusCode.NotFound, await AttemptAsync("2001:db8:1:3::1", null));
    }

    private async Task<HttpResponseMessage> CultureAsync(string peer, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://credit.example.cn/culture/en?returnUrl=/");
        request.Headers.Add("X-Test-Peer", peer);
        request.Headers.Add("X-Forwarded-For", "203.0.113.50");
        if (forwardedProto is not null)
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        return await factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_cookies_are_secure_and_HSTS_is_sent()
    {
        var response = await CultureAsync(ProxiedWebFactory.Proxy, "https");

        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_are_secure_even_over_plain_http_and_a_spoofed_forwarded_proto_earns_no_HSTS()
    {
        var response = await CultureAsync("198.51.100.9", "https");

        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
