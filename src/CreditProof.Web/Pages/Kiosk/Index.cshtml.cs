using CreditProof.Platform;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Pages.Kiosk;

/// <summary>The self-service terminal's start page: large buttons, and this browser becomes a kiosk (short sessions, idle sign-out).</summary>
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(IOptions<PlatformOptions> options) : PageModel
{
    public int IdleSeconds => options.Value.KioskIdleSeconds;

    public void OnGet()
    {
        if (!KioskMode.IsKiosk(HttpContext))
            KioskMode.Enter(HttpContext);
    }

    [TempData]
    public string? Error { get; set; }

    /// <summary>
    /// Turns the browser back into an ordinary one — for the hall's staff only, when the terminal is taken out of service
    /// (<see cref="KioskMode.MayLeaveAsync"/>). Anyone else stays on the kiosk and is told who can do it.
    /// </summary>
    public async Task<IActionResult> OnPostLeaveAsync(string? pin)
    {
        if (!await KioskMode.MayLeaveAsync(HttpContext, pin))
        {
            Error = "KioskLeaveRefused";
            return LocalRedirect("/kiosk");
        }

        KioskMode.Leave(HttpContext);
        await KioskMode.SignOutAsync(HttpContext);
        return LocalRedirect("/");
    }
}
