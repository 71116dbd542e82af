using System.Net;
using CreditProof.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.SignIn;

/// <summary>On a kiosk the server ends a session after the idle limit (here 2 s); elsewhere sessions last as configured.</summary>
public sealed class KioskTests(KioskTests.ShortKioskFactory factory) : IClassFixture<KioskTests.ShortKioskFactory>
{
    [Fact]
    public async Task A_kiosk_session_ends_after_the_idle_limit_and_an_ordinary_one_does_not()
    {
        var code = await SubjectCodeAsync();
        var kiosk = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var start = await kiosk.GetAsync("/kiosk");
        Assert.Contains(start.Headers.GetValues("Set-Cookie"), c => c.StartsWith("creditproof-kiosk=", StringComparison.Ordinal));
        Assert.Contains("data-kiosk-idle=\"2\"", await start.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Forms.PostAsync(kiosk, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });

        var ordinary = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.PostAsync(ordinary, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });

        Assert.Equal(HttpStatusCode.OK, (await kiosk.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ordinary.GetAsync("/me")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        var expired = await kiosk.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/signin", expired.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ordinary.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_a_kiosk_returns_to_the_kiosk_start_page()
    {
        var code = await SubjectCodeAsync();
        var kiosk = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await kiosk.GetAsync("/kiosk");
        await Forms.PostAsync(kiosk, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        var signedOut = await Forms.PostAsync(kiosk, "/kiosk", new Dictionary<string, string>(), "/signin?handler=SignOut");
        Assert.Equal("/kiosk", signedOut.Headers.Location!.OriginalString);
    }

    private async Task<string> SubjectCodeAsync()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.OrderBy(s => s.Code).Select(s => s.Code).FirstAsync();
    }

    public sealed class ShortKioskFactory : CreditProofWebFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["CreditProof:KioskIdleSeconds"] = "2";
                return settings;
            }
        }
    }
}
