using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Tests.Cli;
using CreditProof.Tests.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Reports.Lifecycle;

/// <summary>
/// The real <c>creditproof</c> program is killed at the two points that matter: after a change committed and before
/// its statuses were derived, and after statuses were written but before that commit. Once the platform runs again the
/// status is true, and it was changed exactly once.
/// </summary>
[Trait("Category", "Database")]
public sealed class LifecycleFaultTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private const string SubjectCode = "91140105MA0K12348G";

    [Fact]
    public async Task A_process_killed_between_a_change_and_its_statuses_leaves_no_stale_status_once_the_platform_runs_again()
    {
        var sample = Path.Combine(IngestTestKit.SamplesDirectory, "penalty.csv");
        await IngestTestKit.ImportAsync(fixture.Database, IngestTestKit.Scratch(sample), time: new FixedTime(ReportFixture.Now.AddDays(-1)));
        await using (var db = Context())
            await fixture.ApplyChangesAsync(db);
        var first = await fixture.IssueAsync(new ReportRequest { SubjectCode = SubjectCode, Domains = ["市场监管"], RequestedBy = "test" });

        // 1. Killed after the import committed, before the statuses: the correction is in, the report not yet superseded.
        var killed = await ImportAsync(Corrected(sample, "3.6"), Faults.AfterChangeCommitted);
        Assert.NotEqual(0, killed.ExitCode);
        Assert.Contains(Faults.AfterChangeCommitted, killed.Error, StringComparison.Ordinal);
        await using (var db = Context())
        {
            Assert.Contains(await db.Records.AsNoTracking().Where(r => r.DocumentNumber == "晋市监罚〔2025〕101号").Select(r => r.Content).ToListAsync(),
                c => c!.Contains("3.6", StringComparison.Ordinal));
            Assert.NotEmpty(await db.ReportChanges.AsNoTracking().ToListAsync());
        }

        Assert.Equal(ReportStatus.Valid, (await StatusAsync(first)).Status);

        // The platform runs again: the pending change is applied, once.
        var run = await CliRunner.RunAsync(fixture.Database.Settings, Path.GetTempPath(), "report", "statuses");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"\d+ changes applied, 1 report statuses changed, 0 pending", run.Output);
        var superseded = await StatusAsync(first);
        Assert.Equal(ReportStatus.Superseded, superseded.Status);
        var again = await CliRunner.RunAsync(fixture.Database.Settings, Path.GetTempPath(), "report", "statuses");
        Assert.Contains("0 changes applied, 0 report statuses changed, 0 pending", again.Output, StringComparison.Ordinal);
        Assert.Equal(superseded.ChangedAt, (await StatusAsync(first)).ChangedAt);

        // 2. Killed after the statuses were written, before their commit: nothing of it stays, the next run applies it.
        var second = await fixture.IssueAsync(new ReportRequest { SubjectCode = SubjectCode, Domains = ["市场监管"], RequestedBy = "test" });
        var dying = await ImportAsync(Corrected(sample, "3.7"), Faults.BeforeLifecycleCommit);
        Assert.NotEqual(0, dying.ExitCode);
        Assert.Equal(ReportStatus.Valid, (await StatusAsync(second)).Status);
        await using (var db = Context())
            Assert.NotEmpty(await db.ReportChanges.AsNoTracking().ToListAsync());

        // The next import runs the lifecycle after its own commit: it takes the left-over change with it.
        var next = await ImportAsync(Corrected(sample, "3.7"), fault: null);
        Assert.True(next.ExitCode == 0, next.Output + next.Error);
        Assert.Equal(ReportStatus.Superseded, (await StatusAsync(second)).Status);
        Assert.Equal(ReportStatus.Superseded, (await StatusAsync(first)).Status);
        await using (var db = Context())
            Assert.Empty(await db.ReportChanges.AsNoTracking().ToListAsync());
    }

    private async Task<CliRunner.Result> ImportAsync(string path, string? fault)
    {
        var environment = new Dictionary<string, string>();
        if (fault is not null)
            environment["CREDITPROOF_FAULT_AT"] = fault;
        environment["DOTNET_DbgEnableMiniDump"] = "0";
        return await CliRunner.RunAsync(fixture.Database.Settings, Path.GetDirectoryName(path)!, environment, "import", path);
    }

    private static string Corrected(string sample, string fine) => IngestTestKit.WriteScratch("penalty.csv",
        File.ReadAllText(sample).Replace("罚款3.5万元，没收违法所得0.82万元,3.5,", $"罚款{fine}万元，没收违法所得0.82万元,{fine},", StringComparison.Ordinal));

    private async Task<(ReportStatus Status, DateTime? ChangedAt)> StatusAsync(IssuedReportResult issued)
    {
        await using var db = Context();
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var row = await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => new { r.Status, r.StatusChangedAt }).SingleAsync();
        return (row.Status, row.StatusChangedAt);
    }

    private CreditProofDbContext Context() => fixture.Services.CreateScope().ServiceProvider.GetRequiredService<CreditProofDbContext>();
}
