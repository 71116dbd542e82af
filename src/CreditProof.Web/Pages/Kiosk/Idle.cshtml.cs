using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Kiosk;

/// <summary>
/// Where kiosk.js sends an idle terminal: signs out (if anyone is still signed in) and lands on the kiosk start screen.
/// No antiforgery token: by the time the page gives up, the server has often ended the session already, and a token
/// issued for the signed-in person no longer matches (that answered 400). Signing out is the only effect, and only on a
/// kiosk browser.
/// </summary>
[Authorize(Policy = Policies.Public)]
[IgnoreAntiforgeryToken]
public sealed class IdleModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/kiosk");

    public async Task<IActionResult> OnPostAsync()
    {
        if (KioskMode.IsKiosk(HttpContext) && User.Identity?.IsAuthenticated == true)
            await KioskMode.SignOutAsync(HttpContext);
        return LocalRedirect(KioskMode.IsKiosk(HttpContext) ? "/kiosk" : "/");
    }
}
