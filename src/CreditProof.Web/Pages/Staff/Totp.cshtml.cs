using System.Globalization;
using System.Security.Cryptography;
using CreditProof.Accounts;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Staff;

/// <summary>
/// Two-factor enrolment for staff: a new TOTP secret shown as a QR code (otpauth URI, rendered here, never by a third
/// party) and as text; it is switched on only after the person proves their app produces the right code.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class TotpModel(CreditProofDbContext db, IDataProtectionProvider protection, TimeProvider time, ILogger<TotpModel> logger) : PageModel
{
    public const string Issuer = "CreditProof";
    private static readonly TimeSpan EnrolmentLifetime = TimeSpan.FromMinutes(15);

    public bool Enabled { get; private set; }

    /// <summary>The secret in base32, grouped by four for typing into an app.</summary>
    public string? SecretText { get; private set; }

    public string? QrDataUri { get; private set; }

    /// <summary>The secret being enrolled, encrypted and time-limited, carried by the form (nothing is stored before it is confirmed).</summary>
    public string? Pending { get; private set; }

    public string? Error { get; private set; }

    public bool JustEnabled { get; private set; }

    /// <summary>An operator or auditor without TOTP: nothing else opens until it is set up.</summary>
    public bool Required => TotpEnrolment.MustEnrol(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AccountAsync(ct) is not { } account)
            return Forbid();
        Enabled = account.TotpEnabled;
        // A session opened before the code was required carries no second factor: sign in again, with the code.
        if (Enabled && Required)
        {
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Redirect("/signin/staff");
        }

        if (!Enabled)
            Offer(account, Totp.NewSecret());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? pending, string? code, CancellationToken ct)
    {
        if (await AccountAsync(ct) is not { } account)
            return Forbid();
        if (account.TotpEnabled)
        {
            Enabled = true;
            return Page();
        }

        var secret = Unprotect(account, pending);
        if (secret is null)
        {
            Error = "TotpEnrolmentExpired";
            Offer(account, Totp.NewSecret());
            return Page();
        }

        if (string.IsNullOrWhiteSpace(code) || !Totp.Verify(secret, code, time.GetUtcNow()))
        {
            Error = "WrongCode";
            Offer(account, secret);
            return Page();
        }

        account.ProtectedTotpSecret = SignInSetup.ProtectTotpSecret(HttpContext.RequestServices, secret);
        await db.SaveChangesAsync(ct);
        CryptographicOperations.ZeroMemory(secret);
        logger.LogInformation("Staff {Staff} enabled two-factor sign-in (TOTP)", account.UserName);
        // The session now carries the second factor it just proved (same security stamp, so other sessions are untouched).
        await SignInSetup.SignInAsync(HttpContext, SignInSetup.StaffPrincipal(account));
        Enabled = true;
        JustEnabled = true;
        return Page();
    }

    private async Task<StaffAccount?> AccountAsync(CancellationToken ct)
    {
        var id = int.TryParse(User.FindFirst(CreditProofClaims.StaffId)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return await db.StaffAccounts.SingleOrDefaultAsync(a => a.Id == id && !a.Disabled, ct);
    }

    private void Offer(StaffAccount account, byte[] secret)
    {
        var uri = Totp.ProvisioningUri(Issuer, account.UserName, secret);
        QrDataUri = QrImages.PngDataUri(uri);
        var base32 = Totp.ToBase32(secret);
        SecretText = string.Join(' ', Enumerable.Range(0, (base32.Length + 3) / 4).Select(i => base32.Substring(i * 4, Math.Min(4, base32.Length - i * 4))));
        Pending = Protector.Protect($"{account.Id.ToString(CultureInfo.InvariantCulture)}:{Convert.ToBase64String(secret)}", EnrolmentLifetime);
    }

    private byte[]? Unprotect(StaffAccount account, string? pending)
    {
        if (string.IsNullOrEmpty(pending))
            return null;
        try
        {
            var text = Protector.Unprotect(pending);
            var separator = text.IndexOf(':', StringComparison.Ordinal);
            // Bound to the account: a form copied from another person's session is refused.
            return separator > 0 && text[..separator] == account.Id.ToString(CultureInfo.InvariantCulture) ? Convert.FromBase64String(text[(separator + 1)..]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("CreditProof.StaffTotpEnrolment").ToTimeLimitedDataProtector();
}
