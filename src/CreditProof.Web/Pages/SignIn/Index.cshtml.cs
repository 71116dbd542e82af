using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SignInSetup = CreditProof.Web.SignIn.SignInSetup;

namespace CreditProof.Web.Pages.SignIn;

[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(IConfiguration configuration, DatabaseSettings settings, IOptions<PlatformOptions> options) : PageModel
{
    public bool OidcConfigured { get; private set; }

    public bool Demo { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl)
    {
        OidcConfigured = SignInSetup.OidcConfigured(configuration);
        Demo = DatabaseStartup.IsDemo(settings, options.Value);
        ReturnUrl = SafeReturnUrl(returnUrl);
    }

    /// <summary>Starts the unified identity authentication (统一身份认证) round trip.</summary>
    public IActionResult OnPostOidc(string? returnUrl) =>
        SignInSetup.OidcConfigured(configuration)
            ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) ?? "/me" }, SignInSetup.OidcScheme)
            : NotFound();

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await Web.SignIn.KioskMode.SignOutAsync(HttpContext);
        return LocalRedirect(Web.SignIn.KioskMode.IsKiosk(HttpContext) ? "/kiosk" : "/");
    }

    internal static string? SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 1 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : null;
}
