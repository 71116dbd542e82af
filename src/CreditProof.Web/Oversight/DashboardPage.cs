using System.Globalization;
using CreditProof.Oversight;
using CreditProof.Regions;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Oversight;

/// <summary>The filter as typed in the query string, checked: bad values are named and replaced by the defaults, never a 500.</summary>
public sealed class DashboardForm
{
    public string? From { get; set; }

    public string? To { get; set; }

    public string? By { get; set; }

    public string? City { get; set; }

    public int? Domain { get; set; }

    public int? Silent { get; set; }

    /// <summary>A period long enough for a trend, short enough to read: at most this many days.</summary>
    public const int MaxDays = 3 * 366;

    /// <summary>Daily bars beyond this many become weekly, weekly ones monthly.</summary>
    public const int MaxBars = 120;

    public (DashboardFilter Filter, Granularity Granularity, IReadOnlyList<string> Problems) Resolve(DateOnly today, IReadOnlySet<string> cities, IReadOnlySet<int> domains, int defaultDays = 90)
    {
        var problems = new List<string>();
        var to = Date(To, "DashBadTo", problems) ?? today;
        var from = Date(From, "DashBadFrom", problems) ?? to.AddDays(-(defaultDays - 1));
        if (from > to)
        {
            problems.Add("DashFromAfterTo");
            from = to.AddDays(-(defaultDays - 1));
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            problems.Add("DashTooLong");
            from = to.AddDays(-(MaxDays - 1));
        }

        var granularity = By switch
        {
            null or "" or "day" => Granularity.Day,
            "week" => Granularity.Week,
            "month" => Granularity.Month,
            _ => Bad("DashBadBy", Granularity.Day),
        };
        while (granularity != Granularity.Month && DashboardQuery.Periods(from, to, granularity).Count > MaxBars)
            granularity = granularity == Granularity.Day ? Granularity.Week : Granularity.Month;

        var city = string.IsNullOrEmpty(City) ? null : cities.Contains(City) ? City : Bad<string?>("DashBadCity", null);
        var domain = Domain is { } d && !domains.Contains(d) ? Bad<int?>("DashBadDomain", null) : Domain;
        var silent = Silent is null ? 10 : Silent is >= 1 and <= 250 ? Silent.Value : Bad("DashBadSilent", 10);
        return (new DashboardFilter(from, to, city, domain, silent), granularity, problems);

        T Bad<T>(string problem, T fallback)
        {
            problems.Add(problem);
            return fallback;
        }
    }

    private static DateOnly? Date(string? text, string problem, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100)
            return d;
        problems.Add(problem);
        return null;
    }
}

/// <summary>What the dashboard and the public statistics page need besides the figures: the names of cities, domains and units in the reader's language.</summary>
public sealed record DashboardNames(IReadOnlyDictionary<string, string> Cities, IReadOnlyDictionary<int, string> Domains, IReadOnlyDictionary<int, string> Units,
    IReadOnlyDictionary<string, string> DomainsByChineseName, bool Chinese)
{
    /// <summary>A counted purpose (stored as the scenario's Chinese label) in the reader's language; a typed one as it is.</summary>
    public string Purpose(string stored) => Chinese ? stored : CreditProof.Reports.ReportPurposes.English(stored) ?? stored;

    /// <summary>A counted domain (the figures name it in Chinese) in the reader's language.</summary>
    public string Domain(string chineseName) => DomainsByChineseName.GetValueOrDefault(chineseName, chineseName);

    /// <summary>The cities are the province's prefectures (<see cref="Platform.PlatformOptions.ProvinceCode"/>).</summary>
    public static async Task<DashboardNames> LoadAsync(CreditProofDbContext db, string provinceCode, bool chinese, CancellationToken ct)
    {
        var cities = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Prefecture && r.Code.StartsWith(provinceCode)).OrderBy(r => r.Code)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var domains = await db.Domains.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.DisplayName(chinese), ct);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var byChineseName = await db.Domains.AsNoTracking().ToDictionaryAsync(d => d.NameZh, d => d.DisplayName(chinese), ct);
        return new DashboardNames(cities, domains, units, byChineseName, chinese);
    }

    public DashboardTables Tables(IStringLocalizer localizer) => new(localizer, Domains, Cities, Units, Purpose, Domain);
}
