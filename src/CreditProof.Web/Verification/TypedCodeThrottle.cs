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
    public bool TryAcquire(HttpContext http) => counter.TryReserve(TrustedProxies.ClientPartition(http), options.Value.TypedAttemptsPerMinute, Window);

    /// <summary>The attempt was right (a matching number and code, a valid share code): it does not count against the limit.</summary>
    public void Succeeded(HttpContext http) => counter.Release(TrustedProxies.ClientPartition(http));
}

/// <summary>
/// Where failed typed attempts are counted. The one seam for a shared counter (several web nodes behind one address
/// must share the budget); <see cref="InMemoryTypedAttemptCounter"/> serves a single node.
/// </summary>
public interface ITypedAttemptCounter
{
    /// <summary>Counts one attempt for the partition if fewer than <paramref name="limit"/> are counted in the current window; atomic.</summary>
    bool TryReserve(string partition, int limit, TimeSpan window);

    /// <summary>Takes back one attempt of the partition's current window (a successful one).</summary>
    void Release(string partition);
}

/// <summary>Fixed one-window counters per partition in this process; expired windows are dropped as the table grows.</summary>
public sealed class InMemoryTypedAttemptCounter(TimeProvider time) : ITypedAttemptCounter
{
    private const int PruneAbove = 10_000;
    private readonly Dictionary<string, (DateTimeOffset Start, TimeSpan Length, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool TryReserve(string partition, int limit, TimeSpan window)
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

    public void Release(string partition)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.TryGetValue(partition, out var w) && now < w.Start + w.Length && w.Count > 0)
                _windows[partition] = w with { Count = w.Count - 1 };
        }
    }
}
