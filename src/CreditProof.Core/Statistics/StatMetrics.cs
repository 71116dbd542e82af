using CreditProof.Records;

namespace CreditProof.Statistics;

/// <summary>The metrics counted in <see cref="DailyStat"/>, and which dimensions each one carries.</summary>
public static class StatMetrics
{
    /// <summary>Reports issued; City of the subject, Key the channel (<see cref="Reports.ReportChannel"/>, lower case).</summary>
    public const string ReportsIssued = "report.issued";

    /// <summary>Reports issued; City, Key the purpose as recorded (应用场景).</summary>
    public const string ReportPurposes = "report.purpose";

    /// <summary>Domains chosen on reports, one per domain and report; City, DomainId.</summary>
    public const string ReportDomains = "report.domain";

    /// <summary>Verifications; Key qr, number, share or api.</summary>
    public const string Verifications = "verification";

    /// <summary>Objections opened; UnitId, DomainId.</summary>
    public const string ObjectionsOpened = "objection.opened";

    /// <summary>Objections closed; UnitId, DomainId, Key <see cref="OnTime"/> or <see cref="Late"/> against the step's working-day deadline.</summary>
    public const string ObjectionsClosed = "objection.closed";

    /// <summary>Objections closed, by handling time; UnitId, DomainId, Key the working days from submission (<see cref="Bucket"/>).</summary>
    public const string ObjectionDays = "objection.days";

    /// <summary>Repair applications; UnitId, DomainId.</summary>
    public const string RepairsApplied = "repair.applied";

    /// <summary>Repair decisions; UnitId, DomainId, Key approved or refused.</summary>
    public const string RepairsDecided = "repair.decided";

    /// <summary>Credit commitments signed; DomainId.</summary>
    public const string CommitmentsMade = "commitment.made";

    /// <summary>Commitments found false (虚假承诺); DomainId.</summary>
    public const string CommitmentsFalse = "commitment.false";

    /// <summary>New records received; UnitId, DomainId, Key the reporting delay in working days (<see cref="Bucket"/>, or <see cref="Unknown"/>).</summary>
    public const string RecordsReceived = "record.received";

    /// <summary>Rows a unit sent that were rejected; UnitId, DomainId.</summary>
    public const string RowsRejected = "row.rejected";

    /// <summary>
    /// The metrics counted again per month (Day = the month's first day), folded with the daily rows: the per-unit and
    /// per-domain tables over years read a month's row instead of thirty days' rows.
    /// </summary>
    public static string MonthlyOf(string metric) => metric + ".month";

    public static readonly string[] MonthlyRollups = [RecordsReceived, RowsRejected, ReportDomains, ReportPurposes, ObjectionDays];

    public const string OnTime = "on_time";
    public const string Late = "late";
    public const string Unknown = "unknown";

    /// <summary>Delays and handling times are counted per working day up to this many; longer ones share the last bucket.</summary>
    public const int LastBucket = 30;

    /// <summary>The histogram bucket of a number of working days: "0".."29", or "30+" for 30 and more.</summary>
    public static string Bucket(int? workingDays) => workingDays switch
    {
        null => Unknown,
        < 0 => "0",
        >= LastBucket => LastBucket.ToString(System.Globalization.CultureInfo.InvariantCulture) + "+",
        { } d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The lowest number of working days of a bucket; null for <see cref="Unknown"/>.</summary>
    public static int? BucketFloor(string key) =>
        int.TryParse(key.TrimEnd('+'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>The prefecture (地市) of a six-digit division code: its first four digits and 00.</summary>
    public static string CityOf(string? regionCode) => regionCode is { Length: >= 4 } ? regionCode[..4] + "00" : "";
}

/// <summary>The deltas of received records and rejected rows (a unit's domain, when left 0, is added by the fold): one definition, for the interceptor, the bulk importer and the rebuild from source tables.</summary>
public static class StatDeltas
{
    /// <summary>Rows of a batch that were rejected; the fold adds the unit's domain.</summary>
    public static StatDelta ForRejectedRows(int? unitId, int rejected, DateTime at) =>
        new() { Metric = StatMetrics.RowsRejected, At = at, UnitId = unitId ?? 0, Count = rejected };

    /// <summary>New records, grouped by unit, domain, hour and delay bucket.</summary>
    public static IReadOnlyList<StatDelta> ForNewRecords(IEnumerable<ViolationRecord> records) =>
        ForNewRecords(records.Select(r => new ReceivedRecord(r.UnitId, r.DomainId, r.ReceivedAt, r.ReportingDelayWorkingDays)));

    public static IReadOnlyList<StatDelta> ForNewRecords(IEnumerable<ReceivedRecord> records) =>
        [.. records.GroupBy(r => (r.UnitId, r.DomainId, Key: StatMetrics.Bucket(r.DelayWorkingDays), Hour: new DateTime(r.ReceivedAt.Year, r.ReceivedAt.Month, r.ReceivedAt.Day, r.ReceivedAt.Hour, 0, 0, DateTimeKind.Utc)))
            .Select(g => new StatDelta { Metric = StatMetrics.RecordsReceived, At = g.Key.Hour, UnitId = g.Key.UnitId, DomainId = g.Key.DomainId, Key = g.Key.Key, Count = g.Count() })];
}

/// <summary>What the statistics need of a received record.</summary>
public readonly record struct ReceivedRecord(int UnitId, int DomainId, DateTime ReceivedAt, int? DelayWorkingDays);
