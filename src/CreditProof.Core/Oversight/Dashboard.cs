using CreditProof.Calendar;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Statistics;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Oversight;

public enum Granularity
{
    Day = 1,
    Week = 2,
    Month = 3,
}

/// <summary>A count per period (day, ISO week from Monday, or month) and series key.</summary>
public sealed record TimeChart(IReadOnlyList<DateOnly> Periods, IReadOnlyList<TimeSeries> Series)
{
    public long Total => Series.Sum(s => s.Values.Sum());
}

public sealed record TimeSeries(string Key, IReadOnlyList<long> Values);

public sealed record CountRow(string Key, long Count);

public sealed record HandlingFigures(long Opened, long Closed, long ClosedOnTime, long OverdueNow, int? MedianWorkingDays)
{
    public double? OnTimeShare => Closed == 0 ? null : (double)ClosedOnTime / Closed;
}

/// <summary>One data source unit's delivery: records received and rows rejected in the period, reporting delay in working days (from the histogram), its last submission ever.</summary>
public sealed record UnitRow(int UnitId, string Name, string City, int DomainId, long Received, long Rejected, int? MedianDelay, int? P95Delay, double? LateShare,
    DateOnly? LastSubmission, int? WorkingDaysSilent);

/// <summary>A domain's data: records received in the period, its latest delivery, and until when it is complete (<see cref="Ingest.DataCompleteness"/>, the reports' rule).</summary>
public sealed record DomainFreshness(int DomainId, string Name, long Received, DateOnly? LastReceived, int? WorkingDaysSince, DateOnly? DataAsOf = null, bool Complete = false);

public sealed record Dashboard(
    DashboardFilter Filter,
    Granularity Granularity,
    TimeChart ReportsByChannel,
    IReadOnlyList<CountRow> Purposes,
    IReadOnlyList<CountRow> DomainsChosen,
    TimeChart Verifications,
    HandlingFigures Objections,
    TimeChart ObjectionsOverTime,
    IReadOnlyList<CountRow> Repairs,
    IReadOnlyList<CountRow> Commitments,
    IReadOnlyList<UnitRow> Units,
    IReadOnlyList<DomainFreshness> Freshness)
{
    public IEnumerable<UnitRow> SilentUnits => Units.Where(u => u.WorkingDaysSilent is null || u.WorkingDaysSilent > Filter.SilentAfterWorkingDays);
}

/// <summary>Where the dashboard's counts come from: the maintained daily counts, or (benchmark and tests) the source tables.</summary>
public enum StatSource
{
    Aggregates = 1,
    RawTables = 2,
}

/// <summary>
/// The operators' and auditors' dashboard (监管看板), and the public statistics: every figure comes from
/// <see cref="DailyStat"/> through a few grouped queries on its primary key, plus two small live reads (open objections
/// past their due date; each unit's latest delivery and each domain's completeness, <see cref="Ingest.DataCompleteness"/>). <see cref="StatSource.RawTables"/>
/// computes the same from the source tables, for the benchmark and the tests.
/// </summary>
public sealed class DashboardQuery(CreditProofDbContext db, PlatformClock clock, Ingest.DataCompleteness? completeness = null)
{
    private readonly Ingest.DataCompleteness _completeness = completeness ?? new Ingest.DataCompleteness(clock, new Ingest.IngestOptions());

    private static readonly string[] TimeMetrics =
    [
        StatMetrics.ReportsIssued, StatMetrics.Verifications, StatMetrics.ObjectionsOpened, StatMetrics.ObjectionsClosed,
    ];

    private static readonly string[] TotalMetrics =
    [
        StatMetrics.ReportPurposes, StatMetrics.ReportDomains, StatMetrics.ObjectionDays, StatMetrics.ObjectionsClosed, StatMetrics.RepairsApplied,
        StatMetrics.RepairsDecided, StatMetrics.CommitmentsMade, StatMetrics.CommitmentsFalse,
    ];

    private static readonly string[] UnitMetrics = [StatMetrics.RecordsReceived, StatMetrics.RowsRejected];

    public async Task<Dashboard> BuildAsync(DashboardFilter filter, Granularity granularity, StatSource source = StatSource.Aggregates, CancellationToken ct = default)
    {
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Name, u.RegionCode, u.DomainId }).ToListAsync(ct);
        var domains = await db.Domains.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.NameZh }).ToListAsync(ct);
        int[]? unitsOfCity = filter.City is { } city ? [.. units.Where(u => StatMetrics.CityOf(u.RegionCode) == city).Select(u => u.Id)] : null;
        var selects = filter.Selects(unitsOfCity);

        List<DailyStat> byDay, totals, byUnit;
        if (source == StatSource.Aggregates)
        {
            var stats = db.DailyStats.AsNoTracking().Where(selects);
            byDay = await stats.Where(s => TimeMetrics.Contains(s.Metric)).GroupBy(s => new { s.Metric, s.Day, s.Key })
                .Select(g => new DailyStat { Metric = g.Key.Metric, Day = g.Key.Day, Key = g.Key.Key, Count = g.Sum(s => s.Count) }).ToListAsync(ct);
            totals = await WholeMonthsAsync(filter, unitsOfCity, TotalMetrics, q => q.GroupBy(s => new { s.Metric, s.DomainId, s.Key })
                .Select(g => new DailyStat { Metric = g.Key.Metric, DomainId = g.Key.DomainId, Key = g.Key.Key, Count = g.Sum(s => s.Count) }), ct);
            byUnit = await WholeMonthsAsync(filter, unitsOfCity, UnitMetrics, q => q.GroupBy(s => new { s.Metric, s.UnitId, s.Key })
                .Select(g => new DailyStat { Metric = g.Key.Metric, UnitId = g.Key.UnitId, Key = g.Key.Key, Count = g.Sum(s => s.Count) }), ct);
        }
        else
        {
            var raw = (await RawStats.ComputeAsync(db, clock, filter.From, filter.To, ct)).Where(selects.Compile()).ToList();
            byDay = Sum(raw.Where(s => TimeMetrics.Contains(s.Metric)), s => new DailyStat { Metric = s.Metric, Day = s.Day, Key = s.Key });
            totals = Sum(raw.Where(s => TotalMetrics.Contains(s.Metric)), s => new DailyStat { Metric = s.Metric, DomainId = s.DomainId, Key = s.Key });
            byUnit = Sum(raw.Where(s => UnitMetrics.Contains(s.Metric)), s => new DailyStat { Metric = s.Metric, UnitId = s.UnitId, Key = s.Key });
        }

        // A unit's last submission is its latest delivery (a file, an API request or an empty 零报告), as the reports count it.
        var data = await _completeness.ByDomainAsync(db, ct);
        var lastByUnit = data.Values.SelectMany(d => d.Units).Where(u => u.Last is not null).ToDictionary(u => u.UnitId, u => u.Last!.Value);
        var today = clock.Today;
        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        var overdue = await OverdueObjectionsAsync(filter, unitsOfCity, units.ToDictionary(u => u.Id, u => u.DomainId), today, ct);
        var domainNames = domains.ToDictionary(d => d.Id, d => d.NameZh);

        var unitRows = units
            .Where(u => (filter.City is null || unitsOfCity!.Contains(u.Id)) && (filter.DomainId is null || u.DomainId == filter.DomainId))
            .Select(u =>
            {
                var received = byUnit.Where(s => s.UnitId == u.Id && s.Metric == StatMetrics.RecordsReceived).ToList();
                var histogram = received.Where(s => StatMetrics.BucketFloor(s.Key) is not null).Select(s => (Days: StatMetrics.BucketFloor(s.Key)!.Value, s.Count)).ToList();
                var known = histogram.Sum(h => h.Count);
                var last = lastByUnit.TryGetValue(u.Id, out var l) ? l : (DateOnly?)null;
                return new UnitRow(u.Id, u.Name, StatMetrics.CityOf(u.RegionCode), u.DomainId, received.Sum(s => s.Count),
                    byUnit.Where(s => s.UnitId == u.Id && s.Metric == StatMetrics.RowsRejected).Sum(s => s.Count),
                    Percentile(histogram, 0.5), Percentile(histogram, 0.95),
                    known == 0 ? null : (double)histogram.Where(h => h.Days > FilingDeadlineWorkingDays).Sum(h => h.Count) / known,
                    last, last is { } d ? calendar.WorkingDaysBetween(d, today) : null);
            }).ToList();

        var freshness = domains.Where(d => filter.DomainId is null || d.Id == filter.DomainId).Select(d =>
        {
            var ofDomain = unitRows.Where(u => u.DomainId == d.Id).ToList();
            var last = ofDomain.Max(u => u.LastSubmission);
            var complete = data.GetValueOrDefault(d.Id);
            return new DomainFreshness(d.Id, d.NameZh, ofDomain.Sum(u => u.Received), last, last is { } day ? calendar.WorkingDaysBetween(day, today) : null,
                complete?.AsOf, complete?.Complete ?? false);
        }).ToList();

        var periods = Periods(filter.From, filter.To, granularity);
        long Total(string metric, string? key = null) => totals.Where(s => s.Metric == metric && (key is null || s.Key == key)).Sum(s => s.Count);
        var days = totals.Where(s => s.Metric == StatMetrics.ObjectionDays && StatMetrics.BucketFloor(s.Key) is not null)
            .Select(s => (Days: StatMetrics.BucketFloor(s.Key)!.Value, s.Count)).ToList();
        return new Dashboard(filter, granularity,
            Chart(byDay, StatMetrics.ReportsIssued, periods, granularity, ["portal", "window", "kiosk", "api", "cli"]),
            Rows(totals.Where(s => s.Metric == StatMetrics.ReportPurposes), s => s.Key),
            Rows(totals.Where(s => s.Metric == StatMetrics.ReportDomains), s => domainNames.GetValueOrDefault(s.DomainId, s.DomainId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Chart(byDay, StatMetrics.Verifications, periods, granularity, ["qr", "number", "share", "api"]),
            new HandlingFigures(byDay.Where(s => s.Metric == StatMetrics.ObjectionsOpened).Sum(s => s.Count), Total(StatMetrics.ObjectionsClosed),
                Total(StatMetrics.ObjectionsClosed, StatMetrics.OnTime), overdue, Percentile(days, 0.5)),
            ObjectionChart(byDay, periods, granularity),
            [
                new CountRow("applied", Total(StatMetrics.RepairsApplied)), new CountRow("approved", Total(StatMetrics.RepairsDecided, "approved")),
                new CountRow("refused", Total(StatMetrics.RepairsDecided, "refused")),
            ],
            [new CountRow("made", Total(StatMetrics.CommitmentsMade)), new CountRow("false", Total(StatMetrics.CommitmentsFalse))],
            unitRows, freshness);
    }

    /// <summary>
    /// Sums of <paramref name="metrics"/> over the period, grouped by <paramref name="group"/>: whole months from the
    /// monthly rollup where a metric has one, the days before the first and after the last whole month (and metrics
    /// without a rollup) from the daily rows. The same sums, a thirtieth of the rows.
    /// </summary>
    private async Task<List<DailyStat>> WholeMonthsAsync(DashboardFilter filter, int[]? unitsOfCity, string[] metrics,
        Func<IQueryable<DailyStat>, IQueryable<DailyStat>> group, CancellationToken ct)
    {
        var firstWhole = filter.From.Day == 1 ? filter.From : new DateOnly(filter.From.Year, filter.From.Month, 1).AddMonths(1);
        var afterLastWhole = new DateOnly(filter.To.Year, filter.To.Month, 1).AddMonths(filter.To.AddDays(1).Day == 1 ? 1 : 0);
        var rolled = metrics.Where(StatMetrics.MonthlyRollups.Contains).ToArray();
        var daily = metrics.Except(rolled).ToArray();
        var parts = new List<DailyStat>();
        async Task AddAsync(DateOnly from, DateOnly to, string[] selected)
        {
            if (from <= to && selected.Length > 0)
                parts.AddRange(await group(db.DailyStats.AsNoTracking().Where((filter with { From = from, To = to }).Selects(unitsOfCity)).Where(s => selected.Contains(s.Metric))).ToListAsync(ct));
        }

        if (firstWhole >= afterLastWhole)
        {
            await AddAsync(filter.From, filter.To, metrics);
        }
        else
        {
            await AddAsync(filter.From, firstWhole.AddDays(-1), rolled);
            await AddAsync(firstWhole, afterLastWhole.AddDays(-1), [.. rolled.Select(StatMetrics.MonthlyOf)]);
            await AddAsync(afterLastWhole, filter.To, rolled);
            await AddAsync(filter.From, filter.To, daily);
        }

        var names = rolled.ToDictionary(StatMetrics.MonthlyOf);
        return Sum(parts.Select(p => names.TryGetValue(p.Metric, out var metric)
            ? new DailyStat { Metric = metric, UnitId = p.UnitId, DomainId = p.DomainId, Key = p.Key, Count = p.Count }
            : p), s => new DailyStat { Metric = s.Metric, UnitId = s.UnitId, DomainId = s.DomainId, Key = s.Key });
    }

    /// <summary>The national publication rule: a record is late when received more than 7 working days after the decision.</summary>
    public const int FilingDeadlineWorkingDays = 7;

    /// <summary>The smallest number of working days at or below which the share <paramref name="p"/> of the histogram lies; null when it is empty.</summary>
    public static int? Percentile(IReadOnlyCollection<(int Days, long Count)> histogram, double p)
    {
        var total = histogram.Sum(h => h.Count);
        if (total == 0)
            return null;
        var needed = (long)Math.Ceiling(p * total);
        long running = 0;
        foreach (var (days, count) in histogram.OrderBy(h => h.Days))
        {
            running += count;
            if (running >= needed)
                return days;
        }

        return histogram.Max(h => h.Days);
    }

    public static IReadOnlyList<DateOnly> Periods(DateOnly from, DateOnly to, Granularity granularity)
    {
        var list = new List<DateOnly>();
        for (var p = PeriodOf(from, granularity); p <= to; p = granularity switch
        {
            Granularity.Day => p.AddDays(1),
            Granularity.Week => p.AddDays(7),
            Granularity.Month => p.AddMonths(1),
        })
            list.Add(p);
        return list;
    }

    public static DateOnly PeriodOf(DateOnly day, Granularity granularity) => granularity switch
    {
        Granularity.Day => day,
        Granularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Granularity.Month => new DateOnly(day.Year, day.Month, 1),
    };

    private static TimeChart Chart(List<DailyStat> byDay, string metric, IReadOnlyList<DateOnly> periods, Granularity granularity, string[] keys)
    {
        var index = periods.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var rows = byDay.Where(s => s.Metric == metric).ToList();
        return new TimeChart(periods, [.. keys.Concat(rows.Select(r => r.Key).Where(k => !keys.Contains(k)).Distinct().Order(StringComparer.Ordinal)).Select(key =>
        {
            var values = new long[periods.Count];
            foreach (var s in rows.Where(r => r.Key == key))
                if (index.TryGetValue(PeriodOf(s.Day, granularity), out var i))
                    values[i] += s.Count;
            return new TimeSeries(key, values);
        })]);
    }

    private static TimeChart ObjectionChart(List<DailyStat> byDay, IReadOnlyList<DateOnly> periods, Granularity granularity)
    {
        var index = periods.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        TimeSeries Series(string key, string metric, string? statKey = null)
        {
            var values = new long[periods.Count];
            foreach (var s in byDay.Where(r => r.Metric == metric && (statKey is null || r.Key == statKey)))
                if (index.TryGetValue(PeriodOf(s.Day, granularity), out var i))
                    values[i] += s.Count;
            return new TimeSeries(key, values);
        }

        return new TimeChart(periods,
        [
            Series("opened", StatMetrics.ObjectionsOpened), Series(StatMetrics.OnTime, StatMetrics.ObjectionsClosed, StatMetrics.OnTime),
            Series(StatMetrics.Late, StatMetrics.ObjectionsClosed, StatMetrics.Late),
        ]);
    }

    private static List<CountRow> Rows(IEnumerable<DailyStat> stats, Func<DailyStat, string> name) =>
        [.. stats.GroupBy(name).Select(g => new CountRow(g.Key, g.Sum(s => s.Count))).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)];

    private static List<DailyStat> Sum(IEnumerable<DailyStat> stats, Func<DailyStat, DailyStat> shape) =>
        [.. stats.GroupBy(s => { var k = shape(s); return (k.Metric, k.Day, k.UnitId, k.DomainId, k.Key); })
            .Select(g => new DailyStat { Metric = g.Key.Metric, Day = g.Key.Day, UnitId = g.Key.UnitId, DomainId = g.Key.DomainId, Key = g.Key.Key, Count = g.Sum(s => s.Count) })];

    /// <summary>Open objections whose current step is past its due date, now (a live read of the open ones only).</summary>
    private async Task<long> OverdueObjectionsAsync(DashboardFilter filter, int[]? unitsOfCity, Dictionary<int, int> unitDomains, DateOnly today, CancellationToken ct)
    {
        var open = await db.Objections.AsNoTracking().Where(o => Objection.OpenStatuses.Contains(o.Status))
            .Where(o => (o.Status == ObjectionStatus.Submitted && o.AcceptDueOn < today) || (o.Status == ObjectionStatus.AwaitingSourceUnit && o.UnitDueOn < today))
            .Select(o => o.UnitId).ToListAsync(ct);
        return open.Count(u => (unitsOfCity is null || unitsOfCity.Contains(u)) && (filter.DomainId is null || unitDomains.GetValueOrDefault(u) == filter.DomainId));
    }
}
