using CreditProof.Platform;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
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

    /// <summary>Turns the browser back into an ordinary one (for the hall's staff when the terminal is taken out of service).</summary>
    public async Task<IActionResult> OnPostLeaveAsync()
    {
        KioskMode.Leave(HttpContext);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/");
    }
}
