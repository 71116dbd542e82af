using System.Diagnostics;
using System.Globalization;
using System.Text;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Benchmarks.Fuzz;

/// <summary>One input that broke a rule of the fuzz run: an unhandled exception, or a rejection without a message.</summary>
public sealed record FuzzFailure(int Index, FuzzFormat Format, string Mutation, string Problem, string? SavedInput);

public sealed record FuzzReport(int Inputs, int Imported, int RowsRejected, int FilesRefused, TimeSpan Elapsed, long HeapGrowthBytes,
    long PeakWorkingSetBytes, IReadOnlyList<FuzzFailure> Failures)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Inputs:N0} inputs in {Elapsed.TotalSeconds:F1} s: {Imported:N0} imported, {RowsRejected:N0} with rejected rows, {FilesRefused:N0} refused as a whole, " +
        $"{Failures.Count} failures; GC heap growth {HeapGrowthBytes / 1048576.0:F1} MB, peak RSS {PeakWorkingSetBytes >> 20} MB");
}

/// <summary>
/// Feeds mutated record files (CSV, XLSX, JSON) and register CSVs to the real import path in-process, on a database
/// the caller migrated. The rules: no exception other than <see cref="ImportFormatException"/>, every refusal and every
/// rejected row has a message in both languages. A failing input is saved for replay.
/// </summary>
public sealed class ImportFuzzer(DatabaseSettings database, string samplesDirectory, string workDirectory)
{
    /// <summary>One line per input with heap and RSS (to find the input that holds memory).</summary>
    public bool Trace { get; init; }

    /// <summary>Import only the input of this index (the mutations before it are still drawn, so it is the same input).</summary>
    public int? Only { get; init; }

    public static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    public async Task PrepareAsync()
    {
        await using var db = CreditProofDatabase.CreateContext(database);
        var domains = await db.Domains.ToDictionaryAsync(d => d.Code);
        var known = await db.Units.Select(u => u.CreditCode).ToListAsync();
        foreach (var line in File.ReadLines(Path.Combine(samplesDirectory, "units.csv")).Skip(1))
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

    /// <summary>The valid seeds: every sample file of the four record types, and a small register CSV.</summary>
    public IReadOnlyList<(FuzzFormat Format, string Extension, byte[] Bytes)> Seeds()
    {
        var seeds = new List<(FuzzFormat, string, byte[])>();
        foreach (var file in Directory.GetFiles(samplesDirectory).Order(StringComparer.Ordinal))
        {
            var format = Path.GetExtension(file) switch
            {
                ".csv" when !Path.GetFileName(file).StartsWith("units", StringComparison.Ordinal) => FuzzFormat.Csv,
                ".xlsx" => FuzzFormat.Xlsx,
                ".json" or ".ndjson" => FuzzFormat.Json,
                _ => (FuzzFormat?)null,
            };
            if (format is { } f)
                seeds.Add((f, Path.GetExtension(file), File.ReadAllBytes(file)));
        }

        var register = new StringBuilder("code,name,type,region,registered_on,status,former_names\n");
        for (var i = 0; i < 5; i++)
            register.Append(CultureInfo.InvariantCulture, $"{CreditCode.Compose('9', '1', "140105", $"FUXX{i:0000}")},太原模糊{i}有限公司,企业,140105,2019-04-0{i + 1},存续,旧名{i}\n");
        seeds.Add((FuzzFormat.RegisterCsv, ".csv", new UTF8Encoding(false).GetBytes(register.ToString())));
        return seeds;
    }

    public async Task<FuzzReport> RunAsync(int inputs, int seed, TimeSpan? budget = null, CancellationToken ct = default)
    {
        var seeds = Seeds();
        var mutator = new Mutator(seed);
        var failures = new List<FuzzFailure>();
        int imported = 0, rowsRejected = 0, refused = 0, done = 0;
        Directory.CreateDirectory(workDirectory);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < inputs && (budget is null || clock.Elapsed < budget); i++)
        {
            var (format, extension, seedBytes) = seeds[i % seeds.Count];
            var (bytes, mutation) = mutator.Mutate(seedBytes, format);
            if (Only is { } only && only != i)
                continue;
            var dir = Path.Combine(workDirectory, i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, "input" + extension);
            await File.WriteAllBytesAsync(path, bytes, ct);
            string? problem;
            try
            {
                (problem, var kind) = format == FuzzFormat.RegisterCsv ? await ImportRegisterAsync(path, ct) : await ImportRecordsAsync(path, ct);
                if (kind == Outcome.Imported)
                    imported++;
                else
                    rowsRejected++;
            }
            catch (ImportFormatException e)
            {
                refused++;
                problem = string.IsNullOrWhiteSpace(e.MessageZh) || string.IsNullOrWhiteSpace(e.MessageEn) ? "a refusal without a message" : null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                problem = $"{e.GetType().FullName}: {e.Message}{Environment.NewLine}{e.StackTrace}";
            }

            done++;
            if (Trace)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{i} {format} {mutation} {bytes.Length} B: heap {GC.GetTotalMemory(false) >> 20} MB, RSS {Environment.WorkingSet >> 20} MB{(problem is null ? "" : " FAILED")}"));
            if (Only is not null)
                File.Copy(path, Path.Combine(workDirectory, $"only-{i}{extension}"), overwrite: true);
            if (problem is not null)
            {
                var saved = Path.Combine(workDirectory, $"failure-{i}{extension}");
                File.Copy(path, saved, overwrite: true);
                failures.Add(new FuzzFailure(i, format, mutation, problem, saved));
            }

            Directory.Delete(dir, recursive: true);
        }

        var elapsed = clock.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        return new FuzzReport(done, imported, rowsRejected, refused, elapsed, heapAfter - heapBefore, Process.GetCurrentProcess().PeakWorkingSet64, failures);
    }

    private enum Outcome
    {
        Imported,
        RowsRejected,
    }

    /// <summary>The public test key-encryption key (bytes 1…32) the test suite wraps its databases' keys under; never a production key.</summary>
    private static readonly string TestKeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private async Task<(string? Problem, Outcome Outcome)> ImportRecordsAsync(string path, CancellationToken ct)
    {
        await using var db = CreditProofDatabase.CreateContext(database);
        var keys = new CreditProof.Privacy.PersonalDataKeys(database, CreditProof.Signing.MasterKey.FromBase64(TestKeyEncryptionKey, "fuzz"), TimeProvider.System);
        keys.EnsureLoaded();
        var importer = new RecordImporter(db, new PlatformClock(new FixedClock(Now)), new PlatformOptions(), new IngestOptions(), keys);
        await using var source = RowSources.Open(path);
        var result = await importer.ImportAsync(source, new ImportRequest { FilePath = path, SubmittedBy = "fuzz", CollectRowResults = true }, ct);
        var silent = result.Rows.SelectMany(r => r.Errors).FirstOrDefault(e => string.IsNullOrWhiteSpace(e.MessageZh) || string.IsNullOrWhiteSpace(e.MessageEn) || string.IsNullOrWhiteSpace(e.Rule));
        var rejected = result.Batch.Rejected > 0;
        if (rejected && result.Rows.Count > 0 && !result.Rows.Any(r => r.Errors.Count > 0))
            return ("rows rejected without an error", Outcome.RowsRejected);
        return (silent is null ? null : $"row {silent.Row} rejected without a message ({silent.Rule})", rejected ? Outcome.RowsRejected : Outcome.Imported);
    }

    private async Task<(string? Problem, Outcome Outcome)> ImportRegisterAsync(string path, CancellationToken ct)
    {
        await using var db = CreditProofDatabase.CreateContext(database);
        var importer = new RegisterImporter(db, new PlatformClock(new FixedClock(Now)), new PlatformOptions(), new RegisterOptions());
        await using var source = RowSources.Open(path, header: RegisterLayout.Header);
        var result = await importer.ImportAsync(source, new RegisterImportRequest { FilePath = path, SubmittedBy = "fuzz", CollectRowResults = true }, ct);
        var silent = result.Rows.SelectMany(r => r.Errors).FirstOrDefault(e => string.IsNullOrWhiteSpace(e.MessageZh) || string.IsNullOrWhiteSpace(e.MessageEn));
        return (silent is null ? null : $"row {silent.Row} rejected without a message ({silent.Rule})",
            result.Rows.Any(r => r.Outcome == RegisterRowOutcome.Rejected) ? Outcome.RowsRejected : Outcome.Imported);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
