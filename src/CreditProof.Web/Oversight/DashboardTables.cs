using System.Globalization;
using CreditProof.Oversight;
using CreditProof.Platform;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Oversight;

/// <summary>One table of the dashboard, as the page shows it and as CSV and XLSX export it: the same rows everywhere.</summary>
public sealed record DataTable(string Name, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>Names a dashboard's figures in the reader's language and turns every chart into its table.</summary>
public sealed class DashboardTables(IStringLocalizer localizer, IReadOnlyDictionary<int, string> domainNames, IReadOnlyDictionary<string, string> cityNames, IReadOnlyDictionary<int, string> unitNames,
    Func<string, string> purposeLabel, Func<string, string> domainLabel)
{
    public static readonly string[] Names = ["reports", "purposes", "domains", "verifications", "objections", "handling", "repairs", "units", "silent", "freshness"];

    public string Series(string key) => localizer["Series_" + key];

    public string City(string code) => cityNames.GetValueOrDefault(code, code);

    public string Domain(int id) => domainNames.GetValueOrDefault(id, id.ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<DataTable> All(Dashboard d) => [.. Names.Select(n => Table(d, n)!)];

    /// <summary>The table of that name, or null when there is none (the export answers 404).</summary>
    public DataTable? Table(Dashboard d, string name) => name switch
    {
        "reports" => Time(name, localizer["DashReports"], d.ReportsByChannel, d.Granularity),
        "purposes" => new DataTable(name, localizer["DashPurposes"], [localizer["DashPurpose"], localizer["DashCount"]],
            [.. d.Purposes.Select(p => (IReadOnlyList<object?>)[purposeLabel(p.Key), p.Count])]),
        "domains" => new DataTable(name, localizer["DashDomainsChosen"], [localizer["Domain"], localizer["DashCount"]],
            [.. d.DomainsChosen.Select(p => (IReadOnlyList<object?>)[domainLabel(p.Key), p.Count])]),
        "verifications" => Time(name, localizer["DashVerifications"], d.Verifications, d.Granularity),
        "objections" => Time(name, localizer["DashObjections"], d.ObjectionsOverTime, d.Granularity, total: false),
        "handling" => new DataTable(name, localizer["DashHandling"], [localizer["DashFigure"], localizer["DashValue"]],
        [
            [localizer["Series_opened"].Value, d.Objections.Opened],
            [localizer["Series_closed"].Value, d.Objections.Closed],
            [localizer["DashOnTimeShare"].Value, Percent(d.Objections.OnTimeShare)],
            [localizer["DashOverdueNow"].Value, d.Objections.OverdueNow],
            [localizer["DashMedianHandling"].Value, d.Objections.MedianWorkingDays is { } m ? (object)m : "—"],
        ]),
        "repairs" => new DataTable(name, localizer["DashRepairs"], [localizer["DashFigure"], localizer["DashCount"]],
            [.. d.Repairs.Select(r => (IReadOnlyList<object?>)[localizer["Repairs_" + r.Key].Value, r.Count]), .. d.Commitments.Select(r => (IReadOnlyList<object?>)[localizer["Commitments_" + r.Key].Value, r.Count])]),
        "units" => Units(name, localizer["DashUnits"], d.Units),
        "silent" => Units(name, string.Format(CultureInfo.CurrentCulture, localizer["DashSilent"], d.Filter.SilentAfterWorkingDays), [.. d.SilentUnits]),
        "freshness" => new DataTable(name, localizer["DashFreshness"], [localizer["Domain"], localizer["DashReceived"], localizer["DashLastSubmission"], localizer["DashWorkingDaysSince"],
            localizer["DataAsOfColumn"], localizer["DataCompleteness"]],
            [.. d.Freshness.Select(f => (IReadOnlyList<object?>)[Domain(f.DomainId), f.Received, Date(f.LastReceived), f.WorkingDaysSince is { } w ? w : "—",
                Date(f.DataAsOf), localizer[f.Complete ? "DataComplete" : "DataIncomplete"].Value])]),
        _ => null,
    };

    public static string Percent(double? share) => share is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>A chart's table: a row per period, a column per series, and the total when the series add up.</summary>
    public DataTable Time(string name, string title, TimeChart chart, Granularity granularity, bool total = true) =>
        new(name, title, [localizer["DashPeriod"], .. chart.Series.Select(s => Series(s.Key)), .. total ? [localizer["DashTotal"].Value] : Array.Empty<string>()],
            [.. chart.Periods.Select((p, i) => (IReadOnlyList<object?>)[SvgCharts.PeriodLabel(p, granularity) + (granularity == Granularity.Week ? "+" : ""),
                .. chart.Series.Select(s => (object?)s.Values[i]), .. total ? [chart.Series.Sum(s => s.Values[i])] : Array.Empty<object?>()])]);

    private DataTable Units(string name, string title, IReadOnlyList<UnitRow> units) =>
        new(name, title,
        [
            localizer["DashUnit"], localizer["DashCity"], localizer["Domain"], localizer["DashReceived"], localizer["DashRejected"], localizer["DashMedianDelay"],
            localizer["DashP95Delay"], localizer["DashLateShare"], localizer["DashLastSubmission"], localizer["DashWorkingDaysSince"],
        ],
            [.. units.Select(u => (IReadOnlyList<object?>)[unitNames.GetValueOrDefault(u.UnitId, u.Name), City(u.City), Domain(u.DomainId), u.Received, u.Rejected,
                Days(u.MedianDelay), Days(u.P95Delay), Percent(u.LateShare), Date(u.LastSubmission), u.WorkingDaysSilent is { } w ? w : "—"])]);

    /// <summary>The last histogram bucket holds everything from 30 working days on.</summary>
    private static object Days(int? days) => days switch
    {
        null => "—",
        >= Statistics.StatMetrics.LastBucket => "≥" + Statistics.StatMetrics.LastBucket.ToString(CultureInfo.InvariantCulture),
        { } d => d,
    };

    public static void WriteCsv(TextWriter output, DataTable table)
    {
        var csv = new SpreadsheetCsv(output);
        csv.WriteRow([.. table.Headers]);
        foreach (var row in table.Rows)
            csv.WriteRow([.. row.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture))]);
    }

    public static SpreadsheetXlsx.Sheet Sheet(DataTable table) => new(table.Title, [[.. table.Headers], .. table.Rows]);
}
