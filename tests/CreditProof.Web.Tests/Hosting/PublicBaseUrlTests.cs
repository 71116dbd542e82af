using System.Net;
using CreditProof.Platform;
using CreditProof.Web.Guides;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Web.Tests.Hosting;

/// <summary>Issue 17: QR codes and share links never point at an address the host does not listen on, silently.</summary>
public sealed class PublicBaseUrlTests
{
    [Theory]
    [InlineData("http://192.168.1.5:8080", "http://192.168.1.5:8080")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://*:8080;https://*:8443", "https://127.0.0.1:8443")]
    [InlineData("http://credit.example.gov.cn:80", "http://credit.example.gov.cn")]
    [InlineData(null, PublicBaseUrl.KestrelDefault)]
    public void Unset_it_is_derived_from_the_address_the_host_listens_on(string? urls, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("urls", urls)]).Build();
        Assert.Equal(expected, PublicBaseUrl.Derive(configuration));
    }

    [Fact]
    public void Kestrel_endpoints_count_as_listening_addresses()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Kestrel:Endpoints:Main:Url", "http://10.0.0.7:7000")]).Build();
        Assert.Equal("http://10.0.0.7:7000", PublicBaseUrl.Derive(configuration));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000", true)]
    [InlineData("http://credit.example.gov.cn:8080", "http://[::]:8080", true)]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5123", false)]
    [InlineData("https://127.0.0.1:5000", "http://127.0.0.1:5000", false)]
    [InlineData("http://192.168.1.5:8080", "http://127.0.0.1:8080", false)]
    public void A_base_url_matches_an_address_that_would_receive_its_requests(string baseUrl, string listening, bool matches) =>
        Assert.Equal(matches, PublicBaseUrl.Matches(baseUrl, [listening]));

    [Fact]
    public void The_host_warns_when_the_base_url_matches_none_of_its_addresses()
    {
        using var capture = new LogCapture();
        var logger = capture.CreateLogger("test");
        Assert.True(PublicBaseUrl.Check("http://127.0.0.1:5000", ["http://127.0.0.1:5000"], logger));
        Assert.Empty(capture.Entries);
        Assert.False(PublicBaseUrl.Check("http://127.0.0.1:5000", ["http://0.0.0.0:8080"], logger));
        var warning = Assert.Single(capture.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("http://127.0.0.1:5000", warning.Text, StringComparison.Ordinal);
        Assert.Contains("CreditProof__PublicBaseUrl", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_started_with_urls_and_no_base_url_prints_links_to_that_address()
    {
        using var factory = new ListeningFactory();
        _ = factory.Server;
        Assert.Equal("http://192.168.1.5:8080", factory.Services.GetRequiredService<PlatformOptions>().PublicBaseUrl);
        Assert.StartsWith("http://192.168.1.5:8080/s/", factory.Services.CreateScope().ServiceProvider.GetRequiredService<CreditProof.Sharing.ShareGrants>().LinkFor("X"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_on_a_plain_http_network_address_keeps_cookies_usable_over_http()
    {
        using var factory = new ListeningFactory();
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/culture/en?returnUrl=/");
        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_error_page_is_bilingual_with_a_request_id_and_no_stack_trace()
    {
        using var factory = new BrokenFactory();
        var response = await factory.CreateClient().GetAsync("/guide");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("系统暂时无法处理您的请求", html, StringComparison.Ordinal);
        Assert.Contains("The system could not handle your request", html, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"request-id\">[^<]+<", html);
        Assert.DoesNotContain("guide catalog is broken", html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_run_command_starts_in_production_mode()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "run.sh"));
        Assert.Contains("ASPNETCORE_ENVIRONMENT=\"${ASPNETCORE_ENVIRONMENT:-Production}\"", script, StringComparison.Ordinal);
        // The launch profile's environment variables would switch it back to Development.
        Assert.Contains("--no-launch-profile", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--launch-profile ", script, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreditProof.slnx")))
            directory = directory.Parent;
        return directory!.FullName;
    }

    private sealed class ListeningFactory : CreditProofWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("urls", "http://192.168.1.5:8080");
        }
    }

    private sealed class BrokenFactory : CreditProofWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<GuideCatalog>(_ => throw new InvalidOperationException("guide catalog is broken")));
        }
    }
}
