using CreditProof.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Verification;

/// <summary>
/// One budget per client address (behind a proxy: the forwarded one, see <see cref="TrustedProxies"/>) for everything
/// typed by hand — report number + verification code, share codes, the kiosk exit PIN — in pages and API alike. Only
/// failed attempts count: each attempt reserves a slot before it runs (so parallel guesses cannot overrun the limit),
/// and a correct one gives its slot back. A bank whose clerks all verify from one address is never locked out by
/// correct codes; someone guessing codes fails nearly every time and is stopped after a few a minute.
/// </summary>
public sealed class TypedCodeThrottle(ITypedAttemptCounter counter, IOptions<VerificationOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Reserves one attempt; false (answer 429) when the client's failed attempts this minute reached the limit.</summary>
    public ValueTask<bool> TryAcquireAsync(HttpContext http) =>
        counter.TryReserveAsync(TrustedProxies.ClientPartition(http), options.Value.TypedAttemptsPerMinute, Window, http.RequestAborted);

    /// <summary>The attempt was right (a matching number and code, a valid share code): it does not count against the limit.</summary>
    public ValueTask SucceededAsync(HttpContext http) => counter.ReleaseAsync(TrustedProxies.ClientPartition(http), Window, CancellationToken.None);
}

/// <summary>
/// Where failed typed attempts are counted: several web nodes behind one address share the budget
/// (<see cref="SharedTypedAttemptCounter"/>, on PostgreSQL); <see cref="InMemoryTypedAttemptCounter"/> serves the one
/// process of the embedded database (<see cref="CreditProof.Storage.RateCounters.AreShared"/> decides).
/// </summary>
public interface ITypedAttemptCounter
{
    /// <summary>Counts one attempt for the partition if fewer than <paramref name="limit"/> are counted in the current window; atomic.</summary>
    ValueTask<bool> TryReserveAsync(string partition, int limit, TimeSpan window, CancellationToken ct);

    /// <summary>Takes back one attempt of the partition's current window (a successful one).</summary>
    ValueTask ReleaseAsync(string partition, TimeSpan window, CancellationToken ct);
}

/// <summary>The counters in the database (<see cref="CreditProof.Storage.RateCounters"/>), shared by every node.</summary>
public sealed class SharedTypedAttemptCounter(CreditProof.Storage.RateCounters counters) : ITypedAttemptCounter
{
    public async ValueTask<bool> TryReserveAsync(string partition, int limit, TimeSpan window, CancellationToken ct)
    {
        var key = "typed:" + partition;
        if ((await counters.IncrementAsync(key, window, ct)).Count <= limit)
            return true;
        // Over the limit: the refused attempt is not kept, so the count stays at the limit.
        await counters.DecrementAsync(key, window, CancellationToken.None);
        return false;
    }

    public async ValueTask ReleaseAsync(string partition, TimeSpan window, CancellationToken ct) =>
        await counters.DecrementAsync("typed:" + partition, window, ct);
}

/// <summary>Fixed one-window counters per partition in this process; expired windows are dropped as the table grows.</summary>
public sealed class InMemoryTypedAttemptCounter(TimeProvider time) : ITypedAttemptCounter
{
    private const int PruneAbove = 10_000;
    private readonly Dictionary<string, (DateTimeOffset Start, TimeSpan Length, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ValueTask<bool> TryReserveAsync(string partition, int limit, TimeSpan window, CancellationToken ct) => ValueTask.FromResult(TryReserve(partition, limit, window));

    public ValueTask ReleaseAsync(string partition, TimeSpan window, CancellationToken ct)
    {
        Release(partition);
        return ValueTask.CompletedTask;
    }

    private bool TryReserve(string partition, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.Count > PruneAbove)
            {
                foreach (var expired in _windows.Where(w => now >= w.Value.Start + w.Value.Length).Select(w => w.Key).ToList())
                    _windows.Remove(expired);
            }

            var current = _windows.TryGetValue(partition, out var w) && now < w.Start + w.Length ? w : (Start: now, Length: window, Count: 0);
            if (current.Count >= limit)
                return false;
            _windows[partition] = current with { Count = current.Count + 1 };
            return true;
        }
    }

    private void Release(string partition)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.TryGetValue(partition, out var w) && now < w.Start + w.Length && w.Count > 0)
                _windows[partition] = w with { Count = w.Count - 1 };
        }
    }
}
