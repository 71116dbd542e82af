using System.Collections.Concurrent;

namespace CreditProof.RelyingParties;

/// <summary>
/// One request's answer from the organisation's budget, as the IETF RateLimit header fields carry it
/// (draft-ietf-httpapi-ratelimit-headers): the window's limit, what is left of it, and the seconds until it resets.
/// </summary>
public readonly record struct PartyRateDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds);

/// <summary>
/// The budget of requests of each relying party, counted per organisation (all its keys and staff together), not per
/// address. The in-memory store counts on one web node; a shared store (a database table) counts across nodes — the
/// endpoints only ever see this interface.
/// </summary>
public interface IPartyRateLimiter
{
    ValueTask<PartyRateDecision> AcquireAsync(int relyingPartyId, int limitPerMinute, CancellationToken ct = default);
}

/// <summary>Fixed one-minute windows per organisation, held in this process.</summary>
public sealed class InMemoryPartyRateLimiter(TimeProvider time) : IPartyRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, Counter> _counters = new();

    public ValueTask<PartyRateDecision> AcquireAsync(int relyingPartyId, int limitPerMinute, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var counter = _counters.GetOrAdd(relyingPartyId, _ => new Counter());
        lock (counter)
        {
            if (now >= counter.WindowEnd)
            {
                counter.WindowEnd = now + Window;
                counter.Used = 0;
            }

            var allowed = counter.Used < limitPerMinute;
            if (allowed)
                counter.Used++;
            var reset = (int)Math.Ceiling((counter.WindowEnd - now).TotalSeconds);
            return ValueTask.FromResult(new PartyRateDecision(allowed, limitPerMinute, Math.Max(0, limitPerMinute - counter.Used), Math.Max(reset, 1)));
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset WindowEnd;
        public int Used;
    }
}

/// <summary>The organisation's budget counted across every web node, in <see cref="Storage.RateCounters"/> (one upsert per request).</summary>
public sealed class SharedPartyRateLimiter(Storage.RateCounters counters, TimeProvider time) : IPartyRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async ValueTask<PartyRateDecision> AcquireAsync(int relyingPartyId, int limitPerMinute, CancellationToken ct = default)
    {
        var window = await counters.IncrementAsync("party:" + relyingPartyId.ToString(System.Globalization.CultureInfo.InvariantCulture), Window, ct);
        var reset = (int)Math.Ceiling((window.Ends - time.GetUtcNow()).TotalSeconds);
        return new PartyRateDecision(window.Count <= limitPerMinute, limitPerMinute, Math.Max(0, limitPerMinute - window.Count), Math.Max(reset, 1));
    }
}
