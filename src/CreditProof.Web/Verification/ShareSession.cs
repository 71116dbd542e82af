using System.Globalization;
using CreditProof.Sharing;
using Microsoft.AspNetCore.DataProtection;

namespace CreditProof.Web.Verification;

/// <summary>
/// A relying party's view of a shared report, without the share code in any address: the code is redeemed once (typed
/// into the form, or from the holder's link <c>/s/{code}</c>), exchanged for a short, encrypted, HTTP-only session
/// cookie, and the browser goes on to the clean address <c>/share/report</c>. A single-use grant is bound to that one
/// session (<see cref="ShareGrants.ResumeAsync"/>); another browser with the same code is refused.
/// </summary>
public sealed class ShareSession(ShareGrants grants, TypedCodeThrottle throttle, AccessLog log, IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "creditproof-share";
    public const string ReportPath = "/share/report";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly IDataProtector _protector = protection.CreateProtector("CreditProof.ShareSession.v1");

    /// <summary>Redeems a typed code and starts the session; null when it worked, otherwise the refusal (429 when throttled).</summary>
    public async Task<(int Status, string MessageZh, string MessageEn)?> OpenAsync(HttpContext http, string? code, CancellationToken ct)
    {
        if (!await throttle.TryAcquireAsync(http))
            return (StatusCodes.Status429TooManyRequests, "尝试次数过多，请一分钟后再试", "Too many attempts from this address; wait a minute.");
        try
        {
            var redeemed = await grants.RedeemAsync(code ?? "", ct);
            await throttle.SucceededAsync(http);
            log.RecordAccess(http, redeemed.Report.Number, AccessKind.ShareView, redeemed.Grant.Id);
            var expires = time.GetUtcNow() + (redeemed.Grant.SingleUse ? grants.SingleUseSession : Lifetime);
            var value = string.Join('|', redeemed.Grant.Id.ToString("N"), redeemed.SessionSecret, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            http.Response.Cookies.Append(CookieName, _protector.Protect(value), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                // Lax: the holder's link is opened from a message or mail, a top-level navigation from elsewhere.
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Path = "/share",
                Expires = expires,
            });
            return null;
        }
        catch (ShareRefusedException e)
        {
            return (StatusCodes.Status403Forbidden, e.MessageZh, e.MessageEn);
        }
    }

    /// <summary>The grant and report this browser's session shows, or why not (no session, ended, revoked, used elsewhere).</summary>
    public async Task<(RedeemedShare? Share, string? MessageZh, string? MessageEn)> ResumeAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var protectedValue) || Unprotect(protectedValue) is not { } session)
            return (null, "查看时间已结束或尚未输入授权码，请重新输入授权码", "No share session in this browser (or it ended): type the share code again.");
        try
        {
            return (await grants.ResumeAsync(session.GrantId, session.Secret, ct), null, null);
        }
        catch (ShareRefusedException e)
        {
            return (null, e.MessageZh, e.MessageEn);
        }
    }

    private (Guid GrantId, string Secret)? Unprotect(string protectedValue)
    {
        try
        {
            var parts = _protector.Unprotect(protectedValue).Split('|');
            if (parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out var grantId)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                || time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(expires))
                return null;
            return (grantId, parts[1]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
