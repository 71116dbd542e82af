using System.Globalization;
using CreditProof.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CreditProof.Web.SignIn;

/// <summary>
/// Limits on a session cookie checked on every request: a session ends at most <see cref="AbsoluteLifetime"/> after
/// sign-in however active it is (sliding expiry alone would keep a stolen cookie alive for ever), and a staff session
/// ends as soon as the account's security stamp changes (disabled, password reset, signed out anywhere).
/// </summary>
public static class SessionLimits
{
    /// <summary>A working day: a staff member signs in again every morning.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    /// <summary>Without a request for this long, a session ends (the cookie's sliding expiry).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);

    private const string SignedInAtItem = "cp.signed_in_at";

    /// <summary>Marks when the session starts; renewals by sliding expiry keep this mark.</summary>
    public static AuthenticationProperties Started(HttpContext context, AuthenticationProperties properties)
    {
        properties.Items[SignedInAtItem] = Now(context).ToString("O", CultureInfo.InvariantCulture);
        return properties;
    }

    /// <returns>False when the session was ended (the request goes on as anonymous).</returns>
    public static async Task<bool> ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = Now(context.HttpContext);
        var properties = context.Properties;
        if (!properties.Items.TryGetValue(SignedInAtItem, out var mark)
            || !DateTimeOffset.TryParseExact(mark, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedInAt))
        {
            // A session started elsewhere (the identity provider's callback): its first issue time is its start.
            signedInAt = properties.IssuedUtc ?? now;
            properties.Items[SignedInAtItem] = signedInAt.ToString("O", CultureInfo.InvariantCulture);
            context.ShouldRenew = true;
        }

        var current = now - signedInAt < AbsoluteLifetime;
        if (current && context.Principal?.StaffIdOf() is { } staffId)
        {
            var stamp = context.Principal.FindFirst(CreditProofClaims.SecurityStamp)?.Value;
            current = await context.HttpContext.RequestServices.GetRequiredService<StaffSessions>().IsCurrentAsync(staffId, stamp, context.HttpContext.RequestAborted);
        }

        if (current)
            return true;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return false;
    }

    private static DateTimeOffset Now(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
