using CreditProof.Calendar;
using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Ingest;

/// <summary>One unit's deliveries: its first and its latest completed batch (a file, an API request or an empty 零报告).</summary>
public sealed record UnitDelivery(int UnitId, string Name, int DomainId, DateOnly? First, DateOnly? Last, int? WorkingDaysSilent)
{
    /// <summary>Never delivered, or not within the limit.</summary>
    public bool Silent(int limitWorkingDays) => WorkingDaysSilent is not { } days || days > limitWorkingDays;
}

/// <summary>
/// Until when a domain's data is complete (数据截至): the earliest latest-delivery among its units, the day by which every
/// unit of the domain had delivered. <see cref="Complete"/> is false when the domain has no unit, a unit never delivered,
/// or a unit has been silent for more than the limit: a report then says 本领域数据暂不完整，不作结论, never 未发现.
/// </summary>
public sealed record DomainData(int DomainId, DateOnly? AsOf, DateOnly? ConnectedSince, bool Complete, IReadOnlyList<UnitDelivery> Units, int LimitWorkingDays)
{
    public IEnumerable<UnitDelivery> SilentUnits => Units.Where(u => u.Silent(LimitWorkingDays));

    /// <summary>A domain no unit of which is registered: nothing can be concluded.</summary>
    public static DomainData NoUnits(int domainId, int limit) => new(domainId, null, null, false, [], limit);
}

/// <summary>
/// The one definition of a domain's data completeness, for the reports, the operator's console and the dashboard.
/// Read from <see cref="ImportBatch"/> (two index seeks per unit on (UnitId, CompletedAt)) and kept until a batch
/// completes, a unit is registered, the day changes or five minutes pass: each call checks only the newest completion
/// time (one index seek) and the number of units.
/// </summary>
public sealed class DataCompleteness(PlatformClock clock, IngestOptions options)
{
    private Snapshot? _snapshot;

    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private sealed record Snapshot(DateTime? NewestCompletion, int UnitCount, DateTimeOffset ReadAt, DateOnly Today, IReadOnlyDictionary<int, DomainData> ByDomain);

    public int LimitWorkingDays => options.CompleteWithinWorkingDays;

    public async Task<IReadOnlyDictionary<int, DomainData>> ByDomainAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var newest = await Completed(db).MaxAsync(b => b.CompletedAt, ct);
        var unitCount = await db.Units.CountAsync(ct);
        var now = clock.GetUtcNow();
        var today = clock.DateOf(now);
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.NewestCompletion == newest && snapshot.UnitCount == unitCount && snapshot.Today == today && now - snapshot.ReadAt < Ttl)
            return snapshot.ByDomain;
        var byDomain = await ComputeAsync(db, today, ct);
        _snapshot = new Snapshot(newest, unitCount, now, today, byDomain);
        return byDomain;
    }

    public async Task<DomainData> OfAsync(CreditProofDbContext db, int domainId, CancellationToken ct = default) =>
        (await ByDomainAsync(db, ct)).GetValueOrDefault(domainId) ?? DomainData.NoUnits(domainId, LimitWorkingDays);

    private async Task<IReadOnlyDictionary<int, DomainData>> ComputeAsync(CreditProofDbContext db, DateOnly today, CancellationToken ct)
    {
        var completed = Completed(db);
        var units = await db.Units.AsNoTracking()
            .Select(u => new
            {
                u.Id,
                u.Name,
                u.DomainId,
                First = completed.Where(b => b.UnitId == u.Id).Min(b => b.CompletedAt),
                Last = completed.Where(b => b.UnitId == u.Id).Max(b => b.CompletedAt),
            })
            .ToListAsync(ct);
        var domainIds = await db.Domains.AsNoTracking().Select(d => d.Id).ToListAsync(ct);
        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        var limit = LimitWorkingDays;
        var deliveries = units.Select(u =>
        {
            var last = u.Last is { } l ? clock.DateOf(l) : (DateOnly?)null;
            return new UnitDelivery(u.Id, u.Name, u.DomainId, u.First is { } f ? clock.DateOf(f) : null, last,
                last is { } d ? calendar.WorkingDaysBetween(d, today) : null);
        }).ToLookup(u => u.DomainId);
        return domainIds.ToDictionary(id => id, id =>
        {
            var ofDomain = deliveries[id].OrderBy(u => u.UnitId).ToList();
            if (ofDomain.Count == 0)
                return DomainData.NoUnits(id, limit);
            var asOf = ofDomain.All(u => u.Last is not null) ? ofDomain.Min(u => u.Last) : null;
            var connected = ofDomain.Min(u => u.First);
            return new DomainData(id, asOf, connected, ofDomain.All(u => !u.Silent(limit)), ofDomain, limit);
        });
    }

    /// <summary>A delivery: a completed batch of a unit (with or without rejected rows; a failed one delivered nothing).</summary>
    private static IQueryable<ImportBatch> Completed(CreditProofDbContext db) =>
        db.Batches.AsNoTracking().Where(b => b.UnitId != null && b.CompletedAt != null
            && (b.Status == BatchStatus.Completed || b.Status == BatchStatus.CompletedWithRejections));
}
