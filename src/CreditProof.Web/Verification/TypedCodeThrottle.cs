using System.Threading.RateLimiting;
using CreditProof.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Verification;

/// <summary>
/// One budget per client address (behind a proxy: the forwarded one, see <see cref="TrustedProxies"/>) for everything typed by hand — report number + verification code, share codes — in
/// pages and API alike: a few attempts a minute, whatever the outcome, so codes cannot be guessed.
/// </summary>
public sealed class TypedCodeThrottle(IOptions<VerificationOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.TypedAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(TrustedProxies.ClientPartition(http));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
