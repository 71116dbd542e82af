using System.Collections.Concurrent;

namespace CreditProof.Accounts;

/// <summary>
/// Failed staff sign-ins counted per user name and client address, not per account: five failures from one address
/// pause that address for that name (1 minute, doubling each time it trips again, at most 15), and a success clears it.
/// So nobody can lock a colleague out from elsewhere, and an unknown name is throttled exactly like a real one — the
/// answers tell nothing about which accounts exist. Kept in memory, at most 100,000 entries.
/// </summary>
public sealed class SignInThrottle(StaffSignInOptions options)
{
    private const int MemoryLimit = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public static string Key(string userNameOrAccount, string source) => userNameOrAccount.Trim().ToLowerInvariant() + "\n" + source;

    public DateTime? BlockedUntil(string key, DateTime now) =>
        _entries.TryGetValue(key, out var entry) && entry.BlockedUntil > now ? entry.BlockedUntil : null;

    public void Fail(string key, DateTime now)
    {
        if (_entries.Count >= MemoryLimit)
            _entries.Clear();
        _entries.AddOrUpdate(key, _ => new Entry(1, 0, null), (_, e) =>
        {
            if (e.Failures + 1 < options.MaxFailedSignIns)
                return e with { Failures = e.Failures + 1 };
            var pause = TimeSpan.FromTicks(Math.Min(options.Lockout.Ticks, options.FirstPause.Ticks << Math.Min(e.Trips, 20)));
            return new Entry(0, e.Trips + 1, now + pause);
        });
    }

    public void Succeed(string key) => _entries.TryRemove(key, out _);

    private sealed record Entry(int Failures, int Trips, DateTime? BlockedUntil);
}
