using CreditProof.Accounts;

namespace CreditProof.Tests.Accounts;

[Trait("Category", "Database")]
public sealed class StaffSignInTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Password = "Shanxi-Credit-2026";
    private const string Here = "10.1.1.1";
    private const string Attacker = "203.0.113.66";
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_right_password_signs_in_and_a_wrong_one_does_not()
    {
        var (signIn, account) = await ArrangeAsync();
        Assert.Equal(SignInOutcome.WrongCredentials, (await signIn.CheckPasswordAsync(account.UserName, "wrong-password-1A", Here)).Outcome);
        Assert.Equal(SignInOutcome.WrongCredentials, (await signIn.CheckPasswordAsync("nobody", Password, Here)).Outcome);
        var ok = await signIn.CheckPasswordAsync(account.UserName, Password, Here);
        Assert.Equal(SignInOutcome.Succeeded, ok.Outcome);
        Assert.Equal(account.Id, ok.Account!.Id);
    }

    [Fact]
    public async Task Five_failures_pause_only_their_own_address_with_backoff_and_never_lock_the_account()
    {
        var (signIn, account) = await ArrangeAsync();
        for (var i = 0; i < 4; i++)
            Assert.Equal(SignInOutcome.WrongCredentials, (await signIn.CheckPasswordAsync(account.UserName, "wrong", Attacker)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await signIn.CheckPasswordAsync(account.UserName, "wrong", Attacker)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await signIn.CheckPasswordAsync(account.UserName, Password, Attacker)).Outcome);

        // The account's owner, elsewhere, is not locked out by the attacker's guesses.
        Assert.Equal(SignInOutcome.Succeeded, (await signIn.CheckPasswordAsync(account.UserName, Password, Here)).Outcome);

        // The pause doubles: 1 minute, then 2.
        _time.Now = _time.Now.AddSeconds(61);
        for (var i = 0; i < 5; i++)
            await signIn.CheckPasswordAsync(account.UserName, "wrong", Attacker);
        _time.Now = _time.Now.AddSeconds(61);
        Assert.Equal(SignInOutcome.LockedOut, (await signIn.CheckPasswordAsync(account.UserName, Password, Attacker)).Outcome);
        _time.Now = _time.Now.AddSeconds(60);
        Assert.Equal(SignInOutcome.Succeeded, (await signIn.CheckPasswordAsync(account.UserName, Password, Attacker)).Outcome);
    }

    [Fact]
    public async Task An_unknown_user_gets_exactly_the_answers_an_existing_one_gets()
    {
        var (signIn, account) = await ArrangeAsync();
        var existing = new List<SignInOutcome>();
        var unknown = new List<SignInOutcome>();
        for (var i = 0; i < 7; i++)
        {
            existing.Add((await signIn.CheckPasswordAsync(account.UserName, "wrong", Attacker)).Outcome);
            unknown.Add((await signIn.CheckPasswordAsync("no-such-user-" + account.UserName, "wrong", Attacker)).Outcome);
        }

        Assert.Equal(existing, unknown);
        Assert.Contains(SignInOutcome.LockedOut, unknown);
    }

    [Fact]
    public async Task With_two_factor_the_password_alone_is_not_enough()
    {
        var secret = Totp.NewSecret();
        var (signIn, account) = await ArrangeAsync(secret);
        var first = await signIn.CheckPasswordAsync(account.UserName, Password, Here);
        Assert.Equal(SignInOutcome.NeedsTotp, first.Outcome);
        Assert.Equal(SignInOutcome.WrongTotp, (await signIn.CheckTotpAsync(account.Id, "000000" == Totp.Code(secret, _time.Now) ? "111111" : "000000", Here)).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await signIn.CheckTotpAsync(account.Id, Totp.Code(secret, _time.Now), Here)).Outcome);
    }

    [Fact]
    public void Totp_matches_the_rfc_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); the last 6 digits are 287082.
        var secret = "12345678901234567890"u8.ToArray();
        Assert.Equal("287082", Totp.Code(secret, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("081804", Totp.Code(secret, DateTimeOffset.FromUnixTimeSeconds(1111111109)));
    }

    private async Task<(StaffSignIn SignIn, StaffAccount Account)> ArrangeAsync(byte[]? totpSecret = null)
    {
        var db = database.CreateContext();
        var account = new StaffAccount
        {
            UserName = "operator-" + Guid.NewGuid().ToString("N")[..8],
            DisplayName = "平台运营",
            Role = StaffRole.Operator,
            PasswordHash = PasswordHashing.Hash(Password, iterations: 1_000),
            ProtectedTotpSecret = totpSecret is null ? null : Convert.ToBase64String(totpSecret),
        };
        db.StaffAccounts.Add(account);
        await db.SaveChangesAsync();
        return (new StaffSignIn(db, _time, new SignInThrottle(new StaffSignInOptions()), Convert.FromBase64String), account);
    }
}
