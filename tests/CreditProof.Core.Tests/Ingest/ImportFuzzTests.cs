using CreditProof.Benchmarks.Fuzz;
using Xunit.Abstractions;

namespace CreditProof.Tests.Ingest;

/// <summary>
/// The fuzz harness of <c>bench/CreditProof.Benchmarks fuzz</c> on 1,000 inputs (the benchmark runs 10,000): mutated
/// CSV, XLSX, JSON and register files through the real import path. Every input is imported, has rows rejected with a
/// message, or is refused as a whole with a message; none throws anything else, and memory does not grow.
/// </summary>
[Trait("Category", "Database")]
[Collection(MemoryMeasurement.Name)]
public sealed class ImportFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_thousand_mutated_files_are_imported_or_refused_with_a_message_and_never_crash_the_import()
    {
        var fuzzer = new ImportFuzzer(_database.Settings, IngestTestKit.SamplesDirectory, Directory.CreateTempSubdirectory("cp_fuzz_").FullName);
        await fuzzer.PrepareAsync();

        var report = await fuzzer.RunAsync(1_000, seed: 20261201, budget: TimeSpan.FromSeconds(110));
        output.WriteLine(report.ToString());

        Assert.True(report.Failures.Count == 0, string.Join("\n\n", report.Failures.Take(5).Select(f => $"#{f.Index} {f.Format} {f.Mutation}: {f.Problem}")));
        Assert.Equal(1_000, report.Inputs);
        Assert.True(report.FilesRefused > 100 && report.RowsRejected > 100 && report.Imported > 10, report.ToString());
        Assert.True(report.HeapGrowthBytes < 64 << 20, report.ToString());
    }
}

/// <summary>
/// Tests that measure the process's heap run alone: another test class allocating in parallel would count in their
/// growth (the fuzz test once saw 81 MB in a full run and 20 MB alone).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
