using System.Globalization;
using CreditProof.Storage;

namespace CreditProof.Benchmarks.Fuzz;

/// <summary>
/// <c>fuzz [--inputs 10000] [--seed 1] [--minutes 5] [--samples samples] [--trace] [--only N]</c>: mutated record files and register CSVs
/// through the real import path on a fresh SQLite database. Exit 0 when no input broke a rule (docs/security.md).
/// </summary>
public static class FuzzBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var inputs = int.Parse(Arg(args, "--inputs") ?? "10000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Arg(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var minutes = double.Parse(Arg(args, "--minutes") ?? "5", CultureInfo.InvariantCulture);
        var samples = Arg(args, "--samples") ?? "samples";
        var work = Path.Combine(Path.GetTempPath(), "creditproof-fuzz-" + seed.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var settings = new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(work, "fuzz.db")}" };
        await using (var db = CreditProofDatabase.CreateContext(settings))
            await CreditProofDatabase.MigrateAsync(db);
        var fuzzer = new ImportFuzzer(settings, samples, Path.Combine(work, "inputs"))
        {
            Trace = args.Contains("--trace"),
            Only = Arg(args, "--only") is { } only ? int.Parse(only, CultureInfo.InvariantCulture) : null,
        };
        await fuzzer.PrepareAsync();
        var report = await fuzzer.RunAsync(inputs, seed, TimeSpan.FromMinutes(minutes));
        Console.WriteLine(report);
        foreach (var failure in report.Failures.Take(50))
            Console.WriteLine($"#{failure.Index} {failure.Format} {failure.Mutation} ({failure.SavedInput}): {failure.Problem.Split('\n')[0]}");
        return report.Failures.Count == 0 && report.Inputs >= inputs ? 0 : 1;
    }

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
