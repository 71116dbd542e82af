using System.Diagnostics;
using System.Text;
using CreditProof.Ingest;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Ingest.IngestTestKit;

namespace CreditProof.Tests.Ingest;

/// <summary>Runs <c>creditproof import</c> as a separate process, as an operator would, and kills it half-way.</summary>
[Trait("Category", "Database")]
public sealed class CliImportTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.CreateContext();
        await RegisterSampleUnitsAsync(db);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_cli_imports_a_sample_and_exits_non_zero_when_rows_are_rejected()
    {
        var good = await RunAsync(["import", Scratch(Path.Combine(SamplesDirectory, "penalty.csv"))]);
        var bad = await RunAsync(["import", Scratch(Path.Combine(DataDirectory, "bad-rows.csv"))]);
        var list = await RunAsync(["batches", "list"]);

        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Contains("Completed", good.Output, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(".errors.csv", bad.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("bad-rows.csv", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_import_leaves_no_partial_batch_and_a_rerun_completes_it()
    {
        const int rows = 400_000;
        var dir = Path.Combine(Path.GetTempPath(), "cp_kill_" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "big-penalties.csv");
        SyntheticPenaltyFile.Write(file, rows, MarketRegulation, "山西省市场监督管理局");

        // The child writes its progress to a file (exec keeps the pid), which the test polls: a pipe read by a busy test
        // host can lag seconds behind the child.
        var progress = Path.Combine(dir, "progress.txt");
        using (var child = Start(["-c", $"exec \"{Cli}\" import \"{file}\" > \"{progress}\" 2>&1"], "/bin/sh"))
        {
            var written = 0;
            while (!child.HasExited && written < 100_000)
            {
                await Task.Delay(50);
                written = LastWritten(progress);
            }

            // Killed mid-batch: rows were written inside the batch's transaction, and the import had not finished.
            Assert.False(child.HasExited, "the import ended before it could be killed:\n" + File.ReadAllText(progress));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            Assert.InRange(written, 100_000, rows - 1);
        }

        await using (var db = _database.CreateContext())
        {
            Assert.Equal(0, await db.Records.CountAsync());
            Assert.Equal(0, await db.RecordVersions.CountAsync());
            Assert.Equal(0, await db.Subjects.CountAsync());
            Assert.False(await db.Batches.AnyAsync(b => b.FileName == "big-penalties.csv"));
        }

        var rerun = await RunAsync(["import", file]);

        Assert.True(rerun.ExitCode == 0, rerun.Output);
        await using (var db = _database.CreateContext())
        {
            var batch = await db.Batches.SingleAsync(b => b.FileName == "big-penalties.csv");
            Assert.Equal(BatchStatus.Completed, batch.Status);
            Assert.Equal(rows, batch.Accepted);
            Assert.Equal(rows, await db.Records.CountAsync(r => r.BatchId == batch.Id));
            Assert.Equal(rows, await db.RecordVersions.CountAsync());
        }
    }

    private static string Cli => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "creditproof.exe" : "creditproof");

    private static int LastWritten(string progressFile)
    {
        if (!File.Exists(progressFile))
            return 0;
        using var stream = new FileStream(progressFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var last = 0;
        while (reader.ReadLine() is { } line)
        {
            // "progress: R rows read, W valid rows written"
            var parts = line.Split(' ');
            if (line.StartsWith("progress: ", StringComparison.Ordinal) && parts.Length > 4)
                last = int.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture);
        }

        return last;
    }

    private Process Start(string[] args, string? program = null)
    {
        // The apphost beside the test assembly: one process, nothing between the test and the import it kills.
        var info = new ProcessStartInfo(program ?? Cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["Database__Provider"] = _database.Settings.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        info.Environment["ConnectionStrings__CreditProof"] = _database.Settings.ConnectionString;
        info.Environment["CreditProof__KeyEncryptionKey"] = TestDatabase.KeyEncryptionKey;
        return Process.Start(info)!;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string[] args)
    {
        using var child = Start(args);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return (child.ExitCode, await stdout + await stderr);
    }
}
