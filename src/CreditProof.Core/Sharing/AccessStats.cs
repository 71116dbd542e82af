using CreditProof.Statistics;

namespace CreditProof.Sharing;

/// <summary>The statistics' deltas of report accesses, which <see cref="AccessLog"/> bulk-writes (no interceptor sees them).</summary>
public static class AccessStats
{
    /// <summary>The verification channel of an access; null for a holder's own download, which verifies nothing.</summary>
    public static string? VerificationKey(ReportAccess access) => access.ViaApi && access.Kind != AccessKind.HolderDownload ? "api" : access.Kind switch
    {
        AccessKind.QrVerification => "qr",
        AccessKind.NumberVerification => "number",
        AccessKind.ShareView or AccessKind.ShareDownload => "share",
        AccessKind.HolderDownload => null,
    };

    /// <summary>One delta per hour and channel: a flush of thousands of accesses adds a handful of rows.</summary>
    public static IReadOnlyList<StatDelta> ForAccesses(IEnumerable<ReportAccess> accesses) =>
        [.. accesses.Select(a => (Key: VerificationKey(a), Hour: new DateTime(a.At.Year, a.At.Month, a.At.Day, a.At.Hour, 0, 0, DateTimeKind.Utc)))
            .Where(a => a.Key is not null)
            .GroupBy(a => a)
            .Select(g => new StatDelta { Metric = StatMetrics.Verifications, At = g.Key.Hour, Key = g.Key.Key!, Count = g.Count() })];
}
