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

    /// <summary>The longest pause after repeated failures from one address.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first pause; it doubles each time the same address trips again.</summary>
    public TimeSpan FirstPause { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Password then TOTP. Failures pause the address they come from (<see cref="SignInThrottle"/>), never the account; an
/// unknown user, a wrong password and a paused address cost the same time, and unknown and existing names get the same
/// answers. The source of each call is the client address.
/// </summary>
public sealed class StaffSignIn(CreditProofDbContext db, TimeProvider time, SignInThrottle throttle, Func<string, byte[]> unprotectTotpSecret)
{
    // Verifying against a fixed hash when the user is unknown keeps the response time the same.
    private static readonly string DummyHash = PasswordHashing.Hash("not-a-real-password", 100_000);

    public async Task<SignInResult> CheckPasswordAsync(string userName, string password, string source, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = SignInThrottle.Key(userName, source);
        if (throttle.BlockedUntil(key, now) is { } paused)
        {
            PasswordHashing.Verify(password, DummyHash);
            return new SignInResult(SignInOutcome.LockedOut, null, paused);
        }

        var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName.Trim(), ct);
        // One hash verification on every path: unknown, disabled and wrong all take the same time.
        if (account is null || account.Disabled)
        {
            PasswordHashing.Verify(password, DummyHash);
            return Fail(key, now, SignInOutcome.WrongCredentials);
        }

        if (!PasswordHashing.Verify(password, account.PasswordHash))
            return Fail(key, now, SignInOutcome.WrongCredentials);

        if (account.TotpEnabled)
            return new SignInResult(SignInOutcome.NeedsTotp, account);
        throttle.Succeed(key);
        await SucceedAsync(account, now, ct);
        return new SignInResult(SignInOutcome.Succeeded, account);
    }

    public async Task<SignInResult> CheckTotpAsync(int accountId, string code, string source, CancellationToken ct = default)
    {
        var account = await db.StaffAccounts.SingleAsync(a => a.Id == accountId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var key = SignInThrottle.Key(account.UserName, source);
        if (throttle.BlockedUntil(key, now) is { } paused)
            return new SignInResult(SignInOutcome.LockedOut, null, paused);
        if (account.ProtectedTotpSecret is null || !Totp.Verify(unprotectTotpSecret(account.ProtectedTotpSecret), code, time.GetUtcNow()))
            return Fail(key, now, SignInOutcome.WrongTotp);

        throttle.Succeed(key);
        await SucceedAsync(account, now, ct);
        return new SignInResult(SignInOutcome.Succeeded, account);
    }

    private SignInResult Fail(string key, DateTime now, SignInOutcome outcome)
    {
        throttle.Fail(key, now);
        return throttle.BlockedUntil(key, now) is { } paused ? new SignInResult(SignInOutcome.LockedOut, null, paused) : new SignInResult(outcome, null);
    }

    private async Task SucceedAsync(StaffAccount account, DateTime now, CancellationToken ct)
    {
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        account.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
    }
}
