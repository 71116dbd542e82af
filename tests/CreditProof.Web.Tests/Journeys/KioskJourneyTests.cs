using System.Net;
using CreditProof.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Journeys;

/// <summary>Issue 17: the idle kiosk returns to its start screen, and only staff can take a browser out of kiosk mode.</summary>
public sealed class KioskJourneyTests(KioskJourneyTests.KioskFactory factory) : IClassFixture<KioskJourneyTests.KioskFactory>
{
    [Fact]
    public async Task The_idle_sign_out_lands_on_the_kiosk_start_screen_after_the_server_ended_the_session()
    {
        var kiosk = await SignedInKioskAsync();
        // The page the person left open carries a token for the session the server ends after 2 s.
        var stale = await kiosk.GetStringAsync("/me");
        Assert.Contains("id=\"signout-form\"", stale, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var idle = await kiosk.PostAsync("/kiosk/idle", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Equal("/kiosk", idle.Headers.Location!.OriginalString);
        var start = await kiosk.GetAsync("/kiosk");
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Contains("data-testid=\"kiosk-signin\"", await start.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_idle_sign_out_ends_a_session_that_is_still_alive()
    {
        var kiosk = await SignedInKioskAsync();
        Assert.Equal("/kiosk", (await kiosk.PostAsync("/kiosk/idle", new FormUrlEncodedContent([]))).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await kiosk.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task A_passer_by_cannot_leave_kiosk_mode_and_staff_can()
    {
        var kiosk = Client();
        await kiosk.GetAsync("/kiosk");
        var refused = await Forms.PostAsync(kiosk, "/kiosk", [], "/kiosk?handler=Leave");
        Assert.Equal("/kiosk", refused.Headers.Location!.OriginalString);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("creditproof-kiosk=;", StringComparison.Ordinal));
        Assert.Contains("data-testid=\"kiosk-leave-refused\"", await kiosk.GetStringAsync("/kiosk"), StringComparison.Ordinal);
        var wrongPin = await Forms.PostAsync(kiosk, "/kiosk", [new("pin", "1111")], "/kiosk?handler=Leave");
        Assert.Equal("/kiosk", wrongPin.Headers.Location!.OriginalString);
        Assert.Contains("data-kiosk-idle=\"2\"", await kiosk.GetStringAsync("/kiosk"), StringComparison.Ordinal);

        var left = await Forms.PostAsync(kiosk, "/kiosk", [new("pin", ExitPin)], "/kiosk?handler=Leave");
        Assert.Equal("/", left.Headers.Location!.OriginalString);
        Assert.Contains(left.Headers.GetValues("Set-Cookie"), c => c.StartsWith("creditproof-kiosk=;", StringComparison.Ordinal));

        // Window staff signed in on the terminal need no PIN.
        var staffed = Client();
        await staffed.GetAsync("/kiosk");
        await WebTestData.SignInStaffAsync(factory, staffed, "window", "Demo-Window-2026");
        Assert.Equal("/", (await Forms.PostAsync(staffed, "/kiosk", [], "/kiosk?handler=Leave")).Headers.Location!.OriginalString);
    }

    private const string ExitPin = "2468";

    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<HttpClient> SignedInKioskAsync()
    {
        _ = factory.Server;
        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
            code = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.OrderBy(s => s.Code).Select(s => s.Code).FirstAsync();
        var kiosk = Client();
        await kiosk.GetAsync("/kiosk");
        await Forms.PostAsync(kiosk, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, (await kiosk.GetAsync("/me")).StatusCode);
        return kiosk;
    }

    public sealed class KioskFactory : CreditProofWebFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["CreditProof:KioskIdleSeconds"] = "2",
            ["CreditProof:KioskExitPin"] = ExitPin,
        };
    }
}
