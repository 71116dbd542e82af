#pragma warning disable EF1002, EF1003 // tests build SQL from their own constants and ids, to act as an attacker with database access would
using CreditProof.Audit;
using CreditProof.Identifiers;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Audit;

/// <summary>The audit trail on both databases: entries with every change, append-only, chained, checkpointed, verified.</summary>
[Trait("Category", "Database")]
public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _services = Reports.ReportFixture.Build(_database.Settings, _time, new Dictionary<string, string?>
        {
            ["CreditProof:Audit:CheckpointSeconds"] = "0",
            ["CreditProof:Audit:ReadAlertSubjects"] = "5",
        });
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().CreateAsync(SigningAlgorithm.Sm2, "test");
        await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().CreateAsync(SigningAlgorithm.EcdsaP256, "test");
        // Creating the keys is audited too: seal those entries so that each test starts from a sealed chain.
        await using var db = _database.CreateContext();
        _baseline = await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync(db);
    }

    private int _baseline;

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_data_change_commits_with_an_entry_naming_the_actor_the_action_and_the_subject_with_ids_masked()
    {
        var id = ResidentId.Compose("140105", new DateOnly(1985, 6, 1), 31);
        Guid subjectId;
        using (AuditContext.Begin(new AuditActor("operator-li", "operator", "10.0.0.7"), "POST /operator/subjects " + id))
        {
            await using var db = _database.CreateContext();
            var subject = new Subject { Code = RegisterTestCode("AU1"), Name = "审计测试有限公司 " + id, Type = SubjectType.Enterprise, RegionCode = "140105" };
            db.Subjects.Add(subject);
            await db.SaveChangesAsync();
            subjectId = subject.Id;
            Assert.True(AuditContext.Current!.ChangeRecorded);
        }

        await using var check = _database.CreateContext();
        var entry = await check.AuditEntries.SingleAsync(e => e.SubjectId == subjectId);
        Assert.Equal(("operator-li", "operator", "10.0.0.7", AuditOutcome.Succeeded), (entry.Actor, entry.Role, entry.Client, entry.Outcome));
        Assert.Equal("Subject", entry.ObjectType);
        Assert.StartsWith("Subject +1", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(id, entry.Action, StringComparison.Ordinal);
        Assert.Contains(ResidentId.Mask(id), entry.Action, StringComparison.Ordinal);

        // Outside any action the actor is the system.
        await using (var db = _database.CreateContext())
        {
            var s = await db.Subjects.SingleAsync(x => x.Id == subjectId);
            s.Name = "审计测试有限公司（更名）";
            await db.SaveChangesAsync();
        }

        var second = await check.AuditEntries.Where(e => e.SubjectId == subjectId).OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(("system", "system"), (second.Actor, second.Role));
        Assert.Contains("[Name]", second.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_cannot_be_updated_or_deleted_through_the_context_nor_by_sql()
    {
        var trail = _services.GetRequiredService<AuditTrail>();
        await using var db = _database.CreateContext();
        await trail.AppendAsync(db, new AuditEvent(new AuditActor("auditor", "auditor"), "test", AuditOutcome.Succeeded));
        var entry = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync();
        var original = entry.Detail;

        db.Entry(entry).Property(e => e.Detail).CurrentValue = "changed";
        db.Entry(entry).Property(e => e.Detail).IsModified = true;
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(entry);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        // The database refuses it too, whoever asks (the application's own connection here).
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Detail\" = 'x' WHERE \"Id\" = " + entry.Id));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Id\" = " + entry.Id));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_chain"));
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_checkpoints"));
        Assert.Equal(original, (await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == entry.Id)).Detail);
    }

    [Fact]
    public async Task Sealing_chains_every_entry_signs_checkpoints_and_verify_names_the_first_altered_entry()
    {
        var trail = _services.GetRequiredService<AuditTrail>();
        var sealer = _services.GetRequiredService<AuditSealer>();
        await using var db = _database.CreateContext();
        for (var i = 0; i < 30; i++)
            await trail.AppendAsync(db, new AuditEvent(new AuditActor("window-" + (i % 3), "window"), "GET /window/subject", AuditOutcome.Succeeded, Detail: "read " + i));
        Assert.Equal(30, await sealer.SealPendingAsync(db));
        Assert.Equal(0, await sealer.SealPendingAsync(db));

        var result = await AuditVerifier.VerifyAsync(db, nowUtc: _time.GetUtcNow().UtcDateTime);
        Assert.True(result.Intact, result.Describe());
        Assert.Equal(_baseline + 30, result.Checked);
        Assert.Equal(4, result.Checkpoints);
        var kept = await AuditVerifier.ExportLatestAsync(db);
        Assert.NotNull(kept);
        Assert.True(AuditVerifier.SignaturesVerify(kept));
        Assert.True(AuditVerifier.SignaturesVerify(ExportedCheckpoint.Read(kept.ToJson())!));
        Assert.False(AuditVerifier.SignaturesVerify(kept with { Hash = Convert.ToBase64String(new byte[32]) }));

        // Someone with the rights to switch the triggers off alters the 12th entry: verify names it.
        var victim = await db.AuditChain.AsNoTracking().Where(l => l.Position == 12).Select(l => l.EntryId).SingleAsync();
        await Tamper(db, $"UPDATE audit_entries SET \"Detail\" = 'nothing to see' WHERE \"Id\" = {victim}");
        var broken = await AuditVerifier.VerifyAsync(db, nowUtc: _time.GetUtcNow().UtcDateTime);
        Assert.False(broken.Intact);
        Assert.Equal((12L, victim), (broken.BrokenPosition!.Value, broken.BrokenEntryId!.Value));
        Assert.Contains("altered", broken.ProblemEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_link_or_a_cut_tail_is_found_and_an_exported_checkpoint_catches_a_rewritten_chain()
    {
        var trail = _services.GetRequiredService<AuditTrail>();
        var sealer = _services.GetRequiredService<AuditSealer>();
        await using var db = _database.CreateContext();
        for (var i = 0; i < 10; i++)
            await trail.AppendAsync(db, new AuditEvent(new AuditActor("operator", "operator"), "POST /operator/keys", AuditOutcome.Succeeded, Detail: "k " + i));
        await sealer.SealPendingAsync(db);
        var kept = (await AuditVerifier.ExportLatestAsync(db))!;

        // Cutting the tail (links, entries and the checkpoints above) is caught by the checkpoint kept outside.
        var end = _baseline + 10;
        var tail = await db.AuditChain.AsNoTracking().Where(l => l.Position >= end - 1).Select(l => l.EntryId).ToListAsync();
        await Tamper(db, $"DELETE FROM audit_checkpoints WHERE \"Position\" >= {end - 1}", $"DELETE FROM audit_chain WHERE \"Position\" >= {end - 1}",
            $"DELETE FROM audit_entries WHERE \"Id\" IN ({string.Join(",", tail)})");
        Assert.True((await AuditVerifier.VerifyAsync(db, nowUtc: _time.GetUtcNow().UtcDateTime)).Intact);
        var cut = await AuditVerifier.VerifyAsync(db, kept, _time.GetUtcNow().UtcDateTime);
        Assert.False(cut.Intact);
        Assert.Contains("tail was cut", cut.ProblemEn, StringComparison.Ordinal);

        // Removing a link in the middle breaks the positions.
        var middle = _baseline + 2;
        await Tamper(db, $"DELETE FROM audit_chain WHERE \"Position\" = {middle}");
        var gap = await AuditVerifier.VerifyAsync(db, nowUtc: _time.GetUtcNow().UtcDateTime);
        Assert.Equal(middle, gap.BrokenPosition);

        // An entry left out of the chain for over an hour is a finding too.
        _time.Now += TimeSpan.FromHours(2);
        await Tamper(db, $"DELETE FROM audit_chain WHERE \"Position\" >= {middle}");
        var stale = await AuditVerifier.VerifyAsync(db, nowUtc: _time.GetUtcNow().UtcDateTime);
        Assert.False(stale.Intact);
        Assert.Contains("left out of the chain", stale.ProblemEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_sealers_at_once_never_fork_the_chain()
    {
        var trail = _services.GetRequiredService<AuditTrail>();
        await using (var db = _database.CreateContext())
            for (var i = 0; i < 200; i++)
                await trail.AppendAsync(db, new AuditEvent(new AuditActor("unit-key:1", "api-key"), "POST /api/v1/records", AuditOutcome.Succeeded, Detail: "r" + i));

        var sealer = _services.GetRequiredService<AuditSealer>();
        async Task<int> Seal()
        {
            await using var db = _database.CreateContext();
            var n = 0;
            for (var round = 0; round < 5; round++)
                n += await sealer.SealPendingAsync(db);
            return n;
        }

        var counts = await Task.WhenAll(Seal(), Seal());
        await using var check = _database.CreateContext();
        await sealer.SealPendingAsync(check);
        Assert.Equal(await check.AuditEntries.CountAsync(), await check.AuditChain.CountAsync());
        Assert.Equal(200, counts.Sum());
        Assert.True((await AuditVerifier.VerifyAsync(check, nowUtc: _time.GetUtcNow().UtcDateTime)).Intact);
    }

    [Fact]
    public async Task A_staff_account_reading_many_subjects_in_a_short_time_raises_one_alert()
    {
        var trail = _services.GetRequiredService<AuditTrail>();
        var sealer = _services.GetRequiredService<AuditSealer>();
        await using var db = _database.CreateContext();
        for (var i = 0; i < 8; i++)
            await trail.AppendAsync(db, new AuditEvent(new AuditActor("window-zhang", "window"), "GET /window/subject/{id}", AuditOutcome.Succeeded, SubjectId: Guid.NewGuid()));
        await trail.AppendAsync(db, new AuditEvent(new AuditActor("window-wang", "window"), "GET /window/subject/{id}", AuditOutcome.Succeeded, SubjectId: Guid.NewGuid()));
        await sealer.SealPendingAsync(db);
        await trail.AppendAsync(db, new AuditEvent(new AuditActor("window-zhang", "window"), "GET /window/subject/{id}", AuditOutcome.Succeeded, SubjectId: Guid.NewGuid()));
        await sealer.SealPendingAsync(db);

        var alert = await db.AuditAlerts.SingleAsync();
        Assert.Equal(("window-zhang", "many-subjects"), (alert.Actor, alert.Kind));
        Assert.True(alert.Count >= 8);
        Assert.Contains("window-zhang", alert.DetailZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_audits_its_commands_and_audit_verify_exits_1_naming_the_broken_entry()
    {
        var work = Directory.CreateTempSubdirectory("creditproof-audit-cli").FullName;
        var env = new Dictionary<string, string> { ["CreditProof__KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()) };
        var ok = await CliRunner.RunAsync(_database.Settings, work, env, "audit", "verify");
        Assert.True(ok.ExitCode == 0, ok.Output + ok.Error);
        Assert.Contains("intact", ok.Output, StringComparison.Ordinal);
        var listed = await CliRunner.RunAsync(_database.Settings, work, env, "audit", "list", "--action", "cli audit verify");
        Assert.True(listed.ExitCode == 0, listed.Error);
        Assert.Contains("cli audit verify", listed.Output, StringComparison.Ordinal);
        var badSince = await CliRunner.RunAsync(_database.Settings, work, env, "audit", "list", "--since", "yesterday-ish");
        Assert.NotEqual(0, badSince.ExitCode);
        Assert.Contains("--since", badSince.Error, StringComparison.Ordinal);
        var notCheckpoint = Path.Combine(work, "not-a-checkpoint.json");
        await File.WriteAllTextAsync(notCheckpoint, "{ not json");
        var badCheckpoint = await CliRunner.RunAsync(_database.Settings, work, env, "audit", "verify", "--checkpoint", notCheckpoint);
        Assert.NotEqual(0, badCheckpoint.ExitCode);
        Assert.Contains("cannot be read", badCheckpoint.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", badCheckpoint.Error, StringComparison.Ordinal);

        await using var db = _database.CreateContext();
        await _services.GetRequiredService<AuditSealer>().SealPendingAsync(db);
        var first = await db.AuditChain.AsNoTracking().OrderBy(l => l.Position).FirstAsync();
        await Tamper(db, $"UPDATE audit_entries SET \"Actor\" = 'someone-else' WHERE \"Id\" = {first.EntryId}");
        var bad = await CliRunner.RunAsync(_database.Settings, work, env, "audit", "verify");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains($"position 1 (entry {first.EntryId})", bad.Error, StringComparison.Ordinal);
    }

    private static string RegisterTestCode(string tag) => Subjects.RegisterTestKit.Code(tag);

    /// <summary>What an attacker with DDL rights does: switch the append-only triggers off, change, switch them on.</summary>
    private static async Task Tamper(CreditProofDbContext db, params string[] statements)
    {
        string[] tables = ["audit_entries", "audit_chain", "audit_checkpoints"];
        if (TestDatabase.Provider == DatabaseProvider.Postgres)
        {
            foreach (var t in tables)
                await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {t} DISABLE TRIGGER USER");
            foreach (var s in statements)
                await db.Database.ExecuteSqlRawAsync(s);
            foreach (var t in tables)
                await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {t} ENABLE TRIGGER USER");
            return;
        }

        var triggers = await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit_%'").ToListAsync();
        var names = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit_%'").ToListAsync();
        foreach (var n in names)
            await db.Database.ExecuteSqlRawAsync($"DROP TRIGGER {n}");
        foreach (var s in statements)
            await db.Database.ExecuteSqlRawAsync(s);
        foreach (var t in triggers)
            await db.Database.ExecuteSqlRawAsync(t);
    }
}
