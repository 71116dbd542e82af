using System.Globalization;
using CreditProof.Domains;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Ingest;

/// <summary>A clock that stands still, so that timeliness and "not in the future" are repeatable.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Shared steps of the ingest tests: register the sample units, copy a data file to a scratch folder, import it.</summary>
public static class IngestTestKit
{
    /// <summary>2026-11-28 10:00 in China.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    public const string MarketRegulation = "11140000MB1234562G";
    public const string Ecology = "11140100MB2233449J";
    public const string Court = "11140000MB0007771W";
    public const string Police = "11140000MB3456783G";

    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Ingest", "Data");

    /// <summary>Registers the units of samples/units.csv that the database does not have yet.</summary>
    public static async Task RegisterSampleUnitsAsync(CreditProofDbContext db)
    {
        var domains = await db.Domains.ToDictionaryAsync(d => d.Code);
        var known = await db.Units.Select(u => u.CreditCode).ToListAsync();
        foreach (var line in File.ReadLines(Path.Combine(SamplesDirectory, "units.csv")).Skip(1))
        {
            var f = line.Split(',');
            if (known.Contains(f[0]))
                continue;
            db.Units.Add(new DataSourceUnit
            {
                CreditCode = f[0],
                Name = f[1],
                DomainId = domains[f[2]].Id,
                Level = Enum.Parse<AdministrativeLevel>(f[3], ignoreCase: true),
                RegionCode = f[4],
                AuthorityNames = f.Length > 5 && f[5].Length > 0 ? f[5] : null,
                CreatedAt = Now.UtcDateTime,
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Copies a file into a fresh scratch folder (the error report is written beside it).</summary>
    public static string Scratch(string path)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp_ingest_" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, Path.GetFileName(path));
        File.Copy(path, copy);
        return copy;
    }

    public static string WriteScratch(string fileName, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp_ingest_" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    public static async Task<ImportResult> ImportAsync(TestDatabase database, string path, RecordType? type = null, string? unit = null,
        bool atomic = false, TimeProvider? time = null, IngestOptions? options = null)
    {
        await using var db = database.CreateContext();
        await RegisterSampleUnitsAsync(db);
        var importer = new RecordImporter(db, new PlatformClock(time ?? new FixedTime(Now)), new PlatformOptions(), options ?? new IngestOptions { ChunkSize = 3 }, database.Keys);
        await using var source = RowSources.Open(path);
        return await importer.ImportAsync(source, new ImportRequest
        {
            Type = type,
            UnitCode = unit,
            Atomic = atomic,
            FilePath = path,
            SubmittedBy = unit ?? "test",
        });
    }

    public static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Task<CreditDomain> Domain(CreditProofDbContext db, string code) => db.Domains.SingleAsync(d => d.Code == code);
}
