using System.Net;

namespace CreditProof.Web.Tests.Hosting;

public sealed class ResponseHardeningTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Theory]
    [InlineData("123456", HttpStatusCode.NotFound)]
    [InlineData("99", HttpStatusCode.NotFound)]
    [InlineData("200", HttpStatusCode.NotFound)]
    [InlineData("-1", HttpStatusCode.NotFound)]
    [InlineData("403", HttpStatusCode.Forbidden)]
    [InlineData("503", HttpStatusCode.ServiceUnavailable)]
    public async Task The_error_page_echoes_only_known_error_codes(string code, HttpStatusCode expected)
    {
        var response = await factory.CreateClient().GetAsync("/Error?code=" + code);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/verify?q=太原晋阳商贸")]
    [InlineData("/operator/subjects?q=%E5%A4%AA%E5%8E%9F")]
    [InlineData("/\\evil.example")]
    [InlineData("/a\r\nSet-Cookie: x=1")]
    public async Task The_language_switch_redirects_to_any_local_return_address_without_a_500(string returnUrl)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture/en?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location.All(char.IsAscii), location);
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
        Assert.DoesNotContain('\n', location);
        if (returnUrl.StartsWith("/verify", StringComparison.Ordinal))
            Assert.Equal("/verify?q=" + Uri.EscapeDataString("太原晋阳商贸"), location);
    }

    [Theory]
    [InlineData("/s/ABCD-EFGH-JKMN")]
    [InlineData("/api/v1/verify?qr=CP1")]
    [InlineData("/me/reports")]
    [InlineData("/")]
    [InlineData("/Error?code=404")]
    public async Task Pages_and_APIs_are_not_cached(string path)
    {
        var response = await factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);

        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_pages_with_personal_data_are_not_cached_and_static_assets_are()
    {
        var staff = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var page = await staff.GetAsync("/operator/subjects");
        var css = await factory.CreateClient().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, page.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.False(css.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task The_demo_on_plain_http_localhost_keeps_cookies_usable_over_http()
    {
        var response = await factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/culture/en?returnUrl=/");

        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }
}
