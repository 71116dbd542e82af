using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Accounts;

/// <summary>
/// What ends a staff member's sessions: disabling the account, resetting its password and signing out each give the
/// account a new security stamp, and a session is current only while its cookie carries the account's stamp.
/// </summary>
public sealed class StaffSessions(CreditProofDbContext db)
{
    /// <summary>False when the account is gone, disabled, or has a newer stamp than the session's.</summary>
    public Task<bool> IsCurrentAsync(int accountId, string? stamp, CancellationToken ct = default) =>
        stamp is null
            ? Task.FromResult(false)
            : db.StaffAccounts.AnyAsync(a => a.Id == accountId && !a.Disabled && a.SecurityStamp == stamp, ct);

    /// <summary>Signing out ends every session of the account, not only this browser's: a copied cookie stops working too.</summary>
    public async Task EndAllAsync(int accountId, CancellationToken ct = default)
    {
        if (await db.StaffAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct) is { } account)
        {
            account.SecurityStamp = StaffAccount.NewSecurityStamp();
            await db.SaveChangesAsync(ct);
        }
    }

    /// <returns>False when there is no such account.</returns>
    public async Task<bool> DisableAsync(string userName, CancellationToken ct = default)
    {
        if (await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName.Trim(), ct) is not { } account)
            return false;
        account.Disabled = true;
        account.SecurityStamp = StaffAccount.NewSecurityStamp();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A new password; the TOTP enrolment is removed too (the person enrols again), and every session ends.</summary>
    /// <returns>False when there is no such account.</returns>
    public async Task<bool> ResetPasswordAsync(string userName, string newPassword, CancellationToken ct = default)
    {
        if (await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName.Trim(), ct) is not { } account)
            return false;
        account.PasswordHash = PasswordHashing.Hash(newPassword);
        account.ProtectedTotpSecret = null;
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        account.SecurityStamp = StaffAccount.NewSecurityStamp();
        await db.SaveChangesAsync(ct);
        return true;
    }
}
