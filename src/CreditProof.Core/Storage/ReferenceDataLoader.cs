using System.Globalization;
using CreditProof.Calendar;
using CreditProof.Domains;
using CreditProof.Records;
using CreditProof.ReferenceData;
using CreditProof.Regions;
using CreditProof.Repairs;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Storage;

/// <summary>
/// Inserts the shipped reference data that the database lacks. It never changes a row that exists, so an operator's
/// edits (a renamed domain, a domain switched off) survive every upgrade.
/// </summary>
public static class ReferenceDataLoader
{
    public static async Task<ReferenceDataCounts> LoadMissingAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var domainCodes = await db.Domains.Select(d => d.Code).ToHashSetAsync(ct);
        var newDomains = ShippedDomains().Where(d => !domainCodes.Contains(d.Code)).ToList();
        db.Domains.AddRange(newDomains);

        var regionCodes = await db.Regions.Select(r => r.Code).ToHashSetAsync(ct);
        var newRegions = ShippedRegions().Where(r => !regionCodes.Contains(r.Code)).ToList();
        db.Regions.AddRange(newRegions);

        var days = await db.CalendarDays.Select(d => d.Date).ToHashSetAsync(ct);
        var newDays = ShippedCalendar().Where(d => !days.Contains(d.Date)).ToList();
        db.CalendarDays.AddRange(newDays);

        var newRules = 0;
        if (!await db.PublicityRules.AnyAsync(ct))
        {
            var shipped = ShippedPublicityRules().ToList();
            db.PublicityRules.AddRange(shipped);
            newRules = shipped.Count;
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return new ReferenceDataCounts(newDomains.Count, newRegions.Count, newDays.Count, newRules);
    }

    public static IEnumerable<CreditDomain> ShippedDomains() =>
        EmbeddedCsv.Read("domains.csv").Select(r => new CreditDomain
        {
            SortOrder = int.Parse(r[0], CultureInfo.InvariantCulture),
            Code = r[1],
            NameZh = r[2],
            NameEn = r[3],
            EffectiveFrom = DateOnly.ParseExact(r[4], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        });

    public static IEnumerable<Region> ShippedRegions()
    {
        var shanxi = DivisionRows("shanxi-divisions.csv").Concat(DivisionRows("cn-major-cities.csv")).ToList();
        var provinces = EmbeddedCsv.Read("cn-provinces.csv")
            .Select(r => new Region { Code = r[0] + "0000", Name = r[1], Level = RegionLevel.Province })
            .Where(p => shanxi.All(s => s.Code != p.Code));
        return shanxi.Concat(provinces);
    }

    /// <summary>The name of a division: its own when shipped, else its city's or province's.</summary>
    public static string? RegionName(string code) => KnownRegionNames.Value.GetValueOrDefault(code)
        ?? (code.Length == 6 ? KnownRegionNames.Value.GetValueOrDefault(code[..4] + "00") ?? KnownRegionNames.Value.GetValueOrDefault(code[..2] + "0000") : null);

    private static readonly Lazy<Dictionary<string, string>> KnownRegionNames =
        new(() => ShippedRegions().ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal));

    private static IEnumerable<Region> DivisionRows(string file) => EmbeddedCsv.Read(file).Select(r => new Region
        {
            Code = r[0],
            Name = r[1],
            Level = r[2] switch
            {
                "province" => RegionLevel.Province,
                "prefecture" => RegionLevel.Prefecture,
                "county" => RegionLevel.County,
                _ => throw new InvalidDataException($"{file}: unknown level '{r[2]}' for {r[0]}."),
            },
            ParentCode = r[3].Length == 0 ? null : r[3],
        });

    /// <summary>The national regimes (527号, Order 58, Order 36); loaded once, then the operator's table.</summary>
    public static IEnumerable<PublicityRule> ShippedPublicityRules() =>
        EmbeddedCsv.Read("publicity-rules.csv").Select(r => new PublicityRule
        {
            RegimeFrom = DateOnly.ParseExact(r[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Regime = r[1],
            Severity = r[2] switch
            {
                "minor" => Severity.Minor,
                "general" => Severity.General,
                "serious" => Severity.Serious,
                _ => throw new InvalidDataException($"publicity-rules.csv: unknown severity '{r[2]}'."),
            },
            Published = bool.Parse(r[3]),
            MinimumMonths = int.Parse(r[4], CultureInfo.InvariantCulture),
            MaximumMonths = int.Parse(r[5], CultureInfo.InvariantCulture),
        });

    public static IEnumerable<CalendarDay> ShippedCalendar() =>
        EmbeddedCsv.Read("cn-holidays.csv").Select(r => new CalendarDay
        {
            Date = DateOnly.ParseExact(r[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Kind = r[1] switch
            {
                "holiday" => CalendarDayKind.Holiday,
                "workday" => CalendarDayKind.Workday,
                _ => throw new InvalidDataException($"cn-holidays.csv: unknown kind '{r[1]}' on {r[0]}."),
            },
            Name = r[2],
        });
}

public sealed record ReferenceDataCounts(int Domains, int Regions, int CalendarDays, int PublicityRules);
