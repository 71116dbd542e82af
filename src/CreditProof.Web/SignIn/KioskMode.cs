using CreditProof.Platform;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.SignIn;

/// <summary>
/// A self-service terminal in the service hall (自助终端). Opening <c>/kiosk</c> marks the browser as a kiosk; every
/// session on it then lasts only <see cref="PlatformOptions.KioskIdleSeconds"/> after the last request (server side),
/// and kiosk.js signs out after as long without a touch (client side), so the next person never finds the last one's
/// reports.
/// </summary>
public static class KioskMode
{
    public const string CookieName = "creditproof-kiosk";

    /// <summary>True on a kiosk browser, including the very response that makes it one.</summary>
    public static bool IsKiosk(HttpContext context) => context.Request.Cookies.ContainsKey(CookieName) || context.Items.ContainsKey(CookieName);

    public static void Enter(HttpContext context)
    {
        context.Items[CookieName] = true;
        context.Response.Cookies.Append(CookieName, "1", new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            // Lax: the cookie must come along when the identity provider sends the person back to the portal.
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Expires = DateTimeOffset.UtcNow.AddYears(1),
        });
    }

    public static void Leave(HttpContext context) => context.Response.Cookies.Delete(CookieName);

    /// <summary>Ends the session on this browser (a staff member's server-side sessions too).</summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        if (CreditProofClaims.StaffIdOf(context.User) is { } staffId)
            await context.RequestServices.GetRequiredService<Accounts.StaffSessions>().EndAllAsync(staffId, context.RequestAborted);
        await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.SignOutAsync(context, CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Whether this request may take the browser out of kiosk mode: window staff or an operator signed in on it, or the
    /// configured exit PIN (compared in constant time; wrong PINs count against the typed-code limit). Nobody else: the
    /// terminal stands in a public hall.
    /// </summary>
    public static async Task<bool> MayLeaveAsync(HttpContext context, string? pin)
    {
        var user = context.User;
        if (user.IsInRole(CreditProofClaims.Roles.Window) || user.IsInRole(CreditProofClaims.Roles.Operator))
            return true;
        var configured = context.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value.KioskExitPin;
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(pin))
            return false;
        var throttle = context.RequestServices.GetRequiredService<Verification.TypedCodeThrottle>();
        if (!await throttle.TryAcquireAsync(context))
            return false;
        var right = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(pin.Trim()), System.Text.Encoding.UTF8.GetBytes(configured));
        if (right)
            await throttle.SucceededAsync(context);
        return right;
    }

    /// <summary>Shortens a session on a kiosk to the idle limit; sliding expiration then keeps that span while the person is active.</summary>
    public static Task ShortenSessionAsync(CookieValidatePrincipalContext context)
    {
        if (!IsKiosk(context.HttpContext))
            return Task.CompletedTask;
        var idle = TimeSpan.FromSeconds(context.HttpContext.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value.KioskIdleSeconds);
        var properties = context.Properties;
        if (properties.IssuedUtc is { } issued && properties.ExpiresUtc is { } expires && expires - issued <= idle)
            return Task.CompletedTask;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        properties.IssuedUtc = now;
        properties.ExpiresUtc = now + idle;
        properties.IsPersistent = false;
        context.ShouldRenew = true;
        return Task.CompletedTask;
    }
}
