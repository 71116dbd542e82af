using CreditProof.Identifiers;
using CreditProof.Regions;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace CreditProof.Units;

public sealed record UnitRowError(int Row, string Column, string Value, string MessageZh, string MessageEn)
{
    public override string ToString() => $"row {Row}, column {Column}, value '{Value}': {MessageZh} ({MessageEn})";
}

public sealed record UnitImportResult(int Added, int Updated, int Unchanged, IReadOnlyList<UnitRowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Registers data source units from a CSV (header <c>code,name,domain,region</c> or <c>统一社会信用代码,名称,领域,行政区划</c>;
/// optional <c>authorities</c>/<c>实施机关</c>: the other authorities whose decisions the unit reports, separated by <c>;</c>).
/// All or nothing: one bad row rejects the file, with every problem listed, so the operator fixes it and runs again.
/// </summary>
public sealed class UnitImporter(CreditProofDbContext db, TimeProvider time)
{
    private static readonly string[][] Columns =
    [
        ["code", "统一社会信用代码", "credit_code"],
        ["name", "名称"],
        ["domain", "领域"],
        ["region", "行政区划"],
    ];

    public async Task<UnitImportResult> ImportAsync(TextReader csv, CancellationToken ct = default)
    {
        var domains = await db.Domains.AsNoTracking().ToListAsync(ct);
        var domainByKey = domains.SelectMany(d => new[] { (Key: d.Code, d), (Key: d.NameZh, d) })
            .ToDictionary(x => x.Key, x => x.d, StringComparer.OrdinalIgnoreCase);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, ct);
        var existing = await db.Units.ToDictionaryAsync(u => u.CreditCode, StringComparer.Ordinal, ct);

        var errors = new List<UnitRowError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<DataSourceUnit>();
        int added = 0, updated = 0, unchanged = 0;

        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All }).From(csv);
        var indexes = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            indexes[c] = Columns[c].Select(name => reader.Header.TryIndexOf(name, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
            if (indexes[c] < 0)
                errors.Add(new UnitRowError(1, Columns[c][0], "", $"缺少列“{Columns[c][1]}”", $"the header has no column '{Columns[c][0]}' or '{Columns[c][1]}'"));
        }

        if (errors.Count > 0)
            return new UnitImportResult(0, 0, 0, errors);
        var authoritiesColumn = reader.Header.TryIndexOf("authorities", out var a) ? a : reader.Header.TryIndexOf("实施机关", out a) ? a : -1;

        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            var code = row[indexes[0]].ToString().ToUpperInvariant();
            var name = row[indexes[1]].ToString();
            var domainKey = row[indexes[2]].ToString();
            var regionCode = row[indexes[3]].ToString();
            var authorities = authoritiesColumn < 0 ? null : string.Join(';', row[authoritiesColumn].ToString()
                .Split(DataSourceUnit.AuthoritySeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } joined ? joined : null;
            if (authorities?.Length > 4000)
                errors.Add(new UnitRowError(line, "authorities", authorities[..40] + "…", "实施机关合计超过4000字", "the authorities are longer than 4,000 characters"));

            var codeCheck = CreditCode.Check(code);
            if (!codeCheck.IsValid)
                errors.Add(new UnitRowError(line, "code", code, codeCheck.ProblemZh!, codeCheck.ProblemEn!));
            else if (!seen.Add(code))
                errors.Add(new UnitRowError(line, "code", code, "文件中重复出现", "appears more than once in the file"));
            if (name.Length is 0 or > 200)
                errors.Add(new UnitRowError(line, "name", name, "名称为空或超过200字", "the name is empty or longer than 200 characters"));
            if (!domainByKey.TryGetValue(domainKey, out var domain))
                errors.Add(new UnitRowError(line, "domain", domainKey, "不是已登记的领域（代码或中文名称）", "not a registered domain (code or Chinese name)"));
            if (!regions.TryGetValue(regionCode, out var region))
                errors.Add(new UnitRowError(line, "region", regionCode, "不是已知的行政区划代码", "not a known division code (GB/T 2260)"));
            if (domain is null || region is null || !codeCheck.IsValid)
                continue;

            var level = region.Level switch
            {
                RegionLevel.Province => AdministrativeLevel.Province,
                RegionLevel.Prefecture => AdministrativeLevel.Prefecture,
                RegionLevel.County => AdministrativeLevel.County,
            };
            if (existing.TryGetValue(code, out var unit))
            {
                // Without the column, the registered authorities stay as they are.
                authorities = authoritiesColumn < 0 ? unit.AuthorityNames : authorities;
                if (unit.Name == name && unit.DomainId == domain.Id && unit.RegionCode == regionCode && unit.AuthorityNames == authorities)
                {
                    unchanged++;
                    continue;
                }

                (unit.Name, unit.DomainId, unit.RegionCode, unit.Level, unit.AuthorityNames) = (name, domain.Id, regionCode, level, authorities);
                updated++;
            }
            else
            {
                pending.Add(new DataSourceUnit
                {
                    CreditCode = code, Name = name, DomainId = domain.Id, RegionCode = regionCode, Level = level, AuthorityNames = authorities,
                    CreatedAt = time.GetUtcNow().UtcDateTime,
                });
                added++;
            }
        }

        if (errors.Count > 0)
            return new UnitImportResult(0, 0, 0, errors);
        db.Units.AddRange(pending);
        await db.SaveChangesAsync(ct);
        return new UnitImportResult(added, updated, unchanged, errors);
    }
}
