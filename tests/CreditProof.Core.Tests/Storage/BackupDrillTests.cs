using CreditProof.Audit;
using CreditProof.Identifiers;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Tests.Cli;
using CreditProof.Tests.Privacy;
using CreditProof.Tests.Reports;
using CreditProof.Verification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Storage;

/// <summary>
/// The drill the issue asks for, on both databases: issue reports, back up with the CLI, destroy the database, restore
/// with the CLI, then the audit chain is intact, every report still verifies, and no backup or table holds a full ID number.
/// </summary>
[Trait("Category", "Database")]
public sealed class BackupDrillTests : IAsyncLifetime
{
    private readonly ReportFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Issue_back_up_destroy_restore_then_audit_verify_and_every_report_verify()
    {
        var person = await _fixture.AddSubjectAsync("备份演练自然人", naturalPerson: true);
        var personId = _fixture.Services.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().Decrypt(person.IdNumberCiphertext!);
        var company = await _fixture.AddSubjectAsync("备份演练有限公司");
        var issued = new List<IssuedReportResult>();
        foreach (var s in new[] { person, company, company })
            issued.Add(await _fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, RequestedBy = "drill" }));
        var settings = _fixture.Database.Settings;
        await using (var db = _fixture.Database.CreateContext())
            await _fixture.Services.GetRequiredService<AuditSealer>().SealPendingAsync(db);

        var work = Directory.CreateTempSubdirectory("creditproof-drill").FullName;
        var env = new Dictionary<string, string> { ["CreditProof__KeyEncryptionKey"] = TestDatabase.KeyEncryptionKey };
        var backup = Path.Combine(work, "platform.backup");
        // The report command sequences the transparency log; keep its signed head outside the database, as an auditor would.
        await using (var db = _fixture.Database.CreateContext())
            await _fixture.Services.GetRequiredService<CreditProof.Transparency.TransparencyLog>().SequenceAsync(db);
        var head = Path.Combine(work, "head.json");
        var kept = await CliRunner.RunAsync(settings, work, env, "transparency", "head", "--out", head);
        Assert.True(kept.ExitCode == 0, kept.Output + kept.Error);
        var made = await CliRunner.RunAsync(settings, work, env, "backup", "--out", backup);
        Assert.True(made.ExitCode == 0, made.Output + made.Error);
        var again = await CliRunner.RunAsync(settings, work, env, "backup", "--out", backup);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("exists already", again.Error, StringComparison.Ordinal);
        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
            Assert.Equal(-1, (await File.ReadAllBytesAsync(backup)).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(personId)));

        await DestroyAsync(settings);
        await using (var gone = _fixture.Database.CreateContext())
            Assert.False(await CanReadReportsAsync(gone));

        Assert.Equal(2, (await CliRunner.RunAsync(settings, work, env, "restore", "--from", backup)).ExitCode);
        var restored = await CliRunner.RunAsync(settings, work, env, "restore", "--from", backup, "--yes");
        Assert.True(restored.ExitCode == 0, restored.Output + restored.Error);
        var audit = await CliRunner.RunAsync(settings, work, env, "audit", "verify");
        Assert.True(audit.ExitCode == 0, audit.Output + audit.Error);
        var transparency = await CliRunner.RunAsync(settings, work, env, "transparency", "verify", "--old", head);
        Assert.True(transparency.ExitCode == 0, transparency.Output + transparency.Error);

        await using var check = _fixture.Database.CreateContext();
        Assert.Equal(issued.Count, await check.IssuedReports.CountAsync());
        var verifier = _fixture.Services.GetRequiredService<ReportVerifier>();
        foreach (var report in issued)
        {
            await using var scope = _fixture.Services.CreateAsyncScope();
            var outcome = await verifier.VerifyQrAsync(report.QrText, scope.ServiceProvider.GetRequiredService<CreditProof.Storage.ReadOnlyDatabase>());
            Assert.True(outcome.Authentic && outcome.IsValid, $"{report.ReportNumber}: {outcome.Verdict} {outcome.Message}");
        }

        await PersonalDataAtRestTests.AssertNoFullIdAnywhereAsync(check, personId);
        Assert.True(ResidentId.Check(personId, DateOnly.MaxValue).IsValid);
    }

    private static async Task<bool> CanReadReportsAsync(CreditProofDbContext db)
    {
        try
        {
            return await db.IssuedReports.AnyAsync();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task DestroyAsync(DatabaseSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                File.Delete(f);
            return;
        }

        await using var db = CreditProofDatabase.CreateContext(settings);
        await db.Database.ExecuteSqlRawAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    }
}
