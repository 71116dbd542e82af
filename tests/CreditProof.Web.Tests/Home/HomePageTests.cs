using System.Net;

namespace CreditProof.Web.Tests.Home;

public sealed class HomePageTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task Home_page_speaks_chinese_first_and_shows_the_demo_counts()
    {
        var html = await factory.CreateClient().GetStringAsync("/");
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("专项信用报告", html, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"subjects\">{CreditProofWebFactory.DemoSubjects}<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"units\">480<", html, StringComparison.Ordinal);
        Assert.Contains("市场监管", html, StringComparison.Ordinal);
        Assert.Contains("data-domain=\"national-defence\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_is_available_on_request()
    {
        var html = await factory.CreateClient().GetStringAsync("/?culture=en");
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Special Credit Report", html, StringComparison.Ordinal);
        Assert.Contains("market regulation", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_favicon_every_browser_asks_for_exists_and_pages_name_it()
    {
        // Issue 17: /favicon.ico answered 404 (and each page view logged one).
        var client = factory.CreateClient();
        var response = await client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0, 1, 0 }, bytes[..6]); // ICONDIR: reserved 0, type 1 (icon), one image
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[22..26]); // the image is a PNG, as ICO allows since Windows Vista
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.ico\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoint_reports_healthy()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_response_carries_security_headers()
    {
        var response = await factory.CreateClient().GetAsync("/");
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task An_unknown_page_gets_a_friendly_chinese_404()
    {
        var response = await factory.CreateClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", html, StringComparison.Ordinal);
    }
}
