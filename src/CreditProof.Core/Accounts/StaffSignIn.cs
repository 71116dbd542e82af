using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Accounts;

public enum SignInOutcome
{
    Succeeded = 1,
    NeedsTotp = 2,
    WrongCredentials = 3,
    LockedOut = 4,
    WrongTotp = 5,
}

public sealed record SignInResult(SignInOutcome Outcome, StaffAccount? Account, DateTime? LockedUntil = null);

public sealed class StaffSignInOptions
{
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Password then TOTP; failures count towards a lockout; unknown user and wrong password look the same.</summary>
public sealed class StaffSignIn(CreditProofDbContext db, TimeProvider time, StaffSignInOptions options, Func<string, byte[]> unprotectTotpSecret)
{
    // Verifying against a fixed hash when the user is unknown keeps the response time the same.
    private static readonly string DummyHash = PasswordHashing.Hash("not-a-real-password", 100_000);

    public async Task<SignInResult> CheckPasswordAsync(string userName, string password, CancellationToken ct = default)
    {
        var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName.Trim(), ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (account is null || account.Disabled)
        {
            PasswordHashing.Verify(password, DummyHash);
            return new SignInResult(SignInOutcome.WrongCredentials, null);
        }

        if (account.LockedUntil > now)
            return new SignInResult(SignInOutcome.LockedOut, null, account.LockedUntil);

        if (!PasswordHashing.Verify(password, account.PasswordHash))
        {
            await FailAsync(account, now, ct);
            return account.LockedUntil > now
                ? new SignInResult(SignInOutcome.LockedOut, null, account.LockedUntil)
                : new SignInResult(SignInOutcome.WrongCredentials, null);
        }

        if (account.TotpEnabled)
            return new SignInResult(SignInOutcome.NeedsTotp, account);
        await SucceedAsync(account, now, ct);
        return new SignInResult(SignInOutcome.Succeeded, account);
    }

    public async Task<SignInResult> CheckTotpAsync(int accountId, string code, CancellationToken ct = default)
    {
        var account = await db.StaffAccounts.SingleAsync(a => a.Id == accountId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (account.LockedUntil > now)
            return new SignInResult(SignInOutcome.LockedOut, null, account.LockedUntil);
        if (account.ProtectedTotpSecret is null || !Totp.Verify(unprotectTotpSecret(account.ProtectedTotpSecret), code, time.GetUtcNow()))
        {
            await FailAsync(account, now, ct);
            return new SignInResult(account.LockedUntil > now ? SignInOutcome.LockedOut : SignInOutcome.WrongTotp, null, account.LockedUntil);
        }

        await SucceedAsync(account, now, ct);
        return new SignInResult(SignInOutcome.Succeeded, account);
    }

    private async Task FailAsync(StaffAccount account, DateTime now, CancellationToken ct)
    {
        account.FailedSignIns++;
        if (account.FailedSignIns >= options.MaxFailedSignIns)
        {
            account.LockedUntil = now + options.Lockout;
            account.FailedSignIns = 0;
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task SucceedAsync(StaffAccount account, DateTime now, CancellationToken ct)
    {
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        account.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
    }
}
