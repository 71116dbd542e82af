using System.Linq.Expressions;
using CreditProof.Calendar;
using CreditProof.Commitments;
using CreditProof.Ingest;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Repairs;
using CreditProof.Sharing;
using CreditProof.Statistics;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Oversight;

/// <summary>What the dashboard shows: a period (platform days, inclusive), and optionally one city (地市 code) and one domain.</summary>
public sealed record DashboardFilter(DateOnly From, DateOnly To, string? City = null, int? DomainId = null, int SilentAfterWorkingDays = 10)
{
    /// <summary>
    /// The counts the filter selects. The city applies to metrics that carry one (reports: the subject's city) and to
    /// those of a unit (the unit's city); the domain to metrics that carry a domain. Verifications, reports by channel
    /// and by purpose have no domain; verifications and commitments no city.
    /// </summary>
    public Expression<Func<DailyStat, bool>> Selects(int[]? unitsOfCity)
    {
        var from = From;
        var to = To;
        var city = City;
        var domain = DomainId ?? 0;
        var units = unitsOfCity ?? [];
        var cityMetrics = CityMetrics;
        var unitMetrics = UnitMetrics;
        var domainless = DomainlessMetrics;
        return s => s.Day >= from && s.Day <= to
            && (city == null || (cityMetrics.Contains(s.Metric) && s.City == city) || (unitMetrics.Contains(s.Metric) && units.Contains(s.UnitId))
                || (!cityMetrics.Contains(s.Metric) && !unitMetrics.Contains(s.Metric)))
            && (domain == 0 || domainless.Contains(s.Metric) || s.DomainId == domain);
    }

    private static readonly string[] CityMetrics =
    [
        StatMetrics.ReportsIssued, StatMetrics.ReportPurposes, StatMetrics.ReportDomains,
        StatMetrics.MonthlyOf(StatMetrics.ReportPurposes), StatMetrics.MonthlyOf(StatMetrics.ReportDomains),
    ];

    private static readonly string[] UnitMetrics =
    [
        StatMetrics.ObjectionsOpened, StatMetrics.ObjectionsClosed, StatMetrics.ObjectionDays, StatMetrics.RepairsApplied, StatMetrics.RepairsDecided,
        StatMetrics.RecordsReceived, StatMetrics.RowsRejected,
        StatMetrics.MonthlyOf(StatMetrics.RecordsReceived), StatMetrics.MonthlyOf(StatMetrics.RowsRejected), StatMetrics.MonthlyOf(StatMetrics.ObjectionDays),
    ];

    private static readonly string[] DomainlessMetrics = [StatMetrics.ReportsIssued, StatMetrics.ReportPurposes, StatMetrics.MonthlyOf(StatMetrics.ReportPurposes), StatMetrics.Verifications];
}

/// <summary>
/// The same counts as <see cref="DailyStat"/>, recomputed from the source tables with the same rules
/// (<see cref="StatDeltas"/>, <see cref="WorkflowDeltas"/>, <see cref="AccessStats"/>, <see cref="StatsFold.ToDaily"/>): for a rebuild, for the tests that check the maintained
/// counts, and for the benchmark's raw-scan side. It reads every source row of the period: never for a page.
/// </summary>
public static class RawStats
{
    public static async Task<IReadOnlyList<DailyStat>> ComputeAsync(CreditProofDbContext db, PlatformClock clock, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var start = from is { } f ? clock.StartOfDayUtc(f) : DateTime.MinValue;
        var end = to is { } t ? clock.StartOfDayUtc(t.AddDays(1)) : DateTime.MaxValue;
        var deltas = new List<StatDelta>();

        var reports = db.IssuedReports.AsNoTracking().Where(r => r.IssuedAt >= start && r.IssuedAt < end)
            .Join(db.Subjects, r => r.SubjectId, s => s.Id, (r, s) => new { r.IssuedAt, r.RequestedBy, r.Purpose, r.DomainIds, s.RegionCode });
        await foreach (var r in reports.AsAsyncEnumerable().WithCancellation(ct))
            deltas.AddRange(WorkflowDeltas.ForReport(r.IssuedAt, r.RequestedBy, r.Purpose, r.DomainIds, StatMetrics.CityOf(r.RegionCode)));

        deltas.AddRange(AccessStats.ForAccesses(await db.ReportAccessLog.AsNoTracking().Where(a => a.At >= start && a.At < end)
            .Select(a => new ReportAccess { ReportNumber = "", Kind = a.Kind, At = a.At, ViaApi = a.ViaApi }).ToListAsync(ct)));

        deltas.AddRange(StatDeltas.ForNewRecords(await db.Records.AsNoTracking().Where(r => r.ReceivedAt >= start && r.ReceivedAt < end)
            .Select(r => new ReceivedRecord(r.UnitId, r.DomainId, r.ReceivedAt, r.ReportingDelayWorkingDays)).ToListAsync(ct)));

        deltas.AddRange(await db.Objections.AsNoTracking().Where(o => o.SubmittedAt >= start && o.SubmittedAt < end)
            .Select(o => new StatDelta { Metric = StatMetrics.ObjectionsOpened, At = o.SubmittedAt, UnitId = o.UnitId }).ToListAsync(ct));
        foreach (var closed in await db.Objections.AsNoTracking().Where(o => !Objection.OpenStatuses.Contains(o.Status) && o.ClosedAt >= start && o.ClosedAt < end).ToListAsync(ct))
            deltas.AddRange(WorkflowDeltas.ForClosedObjection(closed));

        deltas.AddRange(await db.RepairApplications.AsNoTracking().Where(a => a.SubmittedAt >= start && a.SubmittedAt < end)
            .Select(a => new StatDelta { Metric = StatMetrics.RepairsApplied, At = a.SubmittedAt, UnitId = a.UnitId }).ToListAsync(ct));
        deltas.AddRange((await db.RepairApplications.AsNoTracking()
            .Where(a => (a.Status == RepairApplicationStatus.Approved || a.Status == RepairApplicationStatus.Refused) && a.DecidedAt >= start && a.DecidedAt < end)
            .ToListAsync(ct)).Select(WorkflowDeltas.ForRepairDecision));

        deltas.AddRange(await db.Commitments.AsNoTracking().Where(c => c.SignedAt >= start && c.SignedAt < end)
            .Select(c => new StatDelta { Metric = StatMetrics.CommitmentsMade, At = c.SignedAt, DomainId = c.DomainId }).ToListAsync(ct));
        deltas.AddRange((await db.Commitments.AsNoTracking().Where(c => c.Status == CommitmentStatus.Broken && c.FulfilmentRecordedAt >= start && c.FulfilmentRecordedAt < end)
            .ToListAsync(ct)).Select(WorkflowDeltas.ForFalseCommitment));

        deltas.AddRange((await db.Batches.AsNoTracking()
            .Where(b => b.Rejected > 0 && (b.Status == BatchStatus.CompletedWithRejections || b.Status == BatchStatus.Failed) && b.CompletedAt >= start && b.CompletedAt < end)
            .Select(b => new { b.UnitId, b.Rejected, b.CompletedAt }).ToListAsync(ct))
            .Select(b => StatDeltas.ForRejectedRows(b.UnitId, b.Rejected, b.CompletedAt!.Value)));

        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        return StatsFold.ToDaily(deltas, clock, calendar, await StatsFold.UnitDomainsAsync(db, ct));
    }

    /// <summary>
    /// Replaces the maintained counts with a recomputation from the source tables (<c>creditproof stats rebuild</c>, and
    /// after the demo seed, whose bulk writes count nothing). PostgreSQL: one repeatable-read snapshot, so a change
    /// committed meanwhile is either in the recomputation or still a pending delta, never both.
    /// </summary>
    public static async Task<int> RebuildAsync(CreditProofDbContext db, PlatformClock clock, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(
            db.Database.IsNpgsql() ? System.Data.IsolationLevel.RepeatableRead : System.Data.IsolationLevel.Serializable, ct);
        await db.StatDeltas.ExecuteDeleteAsync(ct);
        var stats = await ComputeAsync(db, clock, null, null, ct);
        await db.DailyStats.ExecuteDeleteAsync(ct);
        await StatsFold.AddAsync(db, stats, ct);
        await transaction.CommitAsync(ct);
        return stats.Count;
    }
}
