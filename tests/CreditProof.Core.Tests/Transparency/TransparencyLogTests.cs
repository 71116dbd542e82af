using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Tests.Reports;
using CreditProof.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Transparency;

[Trait("Category", "Database")]
public sealed class TransparencyLogTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Issued_reports_are_queued_with_the_report_and_the_sequencer_appends_them_under_a_head_the_public_keys_verify()
    {
        var before = await SequenceAsync();
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
            numbers.Add(await IssueAsync($"透明日志甲{i}有限公司"));

        await using (var db = fixture.Database.CreateContext())
        {
            // Committed with the reports, before any sequencer ran.
            var queued = await db.Set<TransparencyQueueEntry>().Where(q => numbers.Contains(q.ReportNumber)).ToListAsync();
            Assert.Equal(3, queued.Count);
            var report = await db.IssuedReports.SingleAsync(r => r.Number == numbers[0]);
            Assert.Equal(LogEntry.LeafHash(report), queued.Single(q => q.ReportNumber == numbers[0]).LeafHash);
            Assert.Equal(InclusionState.Pending, (await TransparencyLog.CheckAsync(db, numbers[0]))!.State);
        }

        var run = await SequenceAsync();
        Assert.True(run.TreeSize >= before.TreeSize + 3);
        await using (var db = fixture.Database.CreateContext())
        {
            Assert.Equal(0, await TransparencyLog.QueuedAsync(db));
            var leaves = await db.Set<TransparencyLeaf>().Where(l => numbers.Contains(l.ReportNumber)).OrderBy(l => l.Index).ToListAsync();
            // Reports queued in the same instant (the fixed test clock) are taken in report id order: compare as sets.
            Assert.Equal(numbers.Order(StringComparer.Ordinal), leaves.Select(l => l.ReportNumber).Order(StringComparer.Ordinal));
            Assert.Equal(Enumerable.Range((int)leaves[0].Index, 3).Select(i => (long)i), leaves.Select(l => l.Index));

            var head = (await TransparencyLog.LatestHeadAsync(db))!;
            Assert.Equal(run.TreeSize, head.TreeSize);
            Assert.Equal(["sm2", "p256"], head.Signatures.Select(s => s.Algorithm));
            // The public keys alone (what the trust list publishes) verify the head; a changed root or size does not.
            var publicKeys = await fixture.TrustListAsync();
            Assert.Null(head.Problem(publicKeys));
            Assert.NotNull((head with { TreeSize = head.TreeSize + 1 }).Problem(publicKeys));
            Assert.NotNull((head with { RootHashBase64 = Convert.ToBase64String(MerkleTree.EmptyRoot) }).Problem(publicKeys));
            Assert.NotNull(head.Problem(new TrustList([])));

            foreach (var number in numbers)
            {
                var note = (await TransparencyLog.CheckAsync(db, number))!;
                Assert.Equal(InclusionState.Included, note.State);
                Assert.Equal(head.TreeSize, note.TreeSize);
                var proof = (await TransparencyLog.InclusionProofAsync(db, number))!;
                var report = await db.IssuedReports.SingleAsync(r => r.Number == number);
                Assert.True(MerkleTree.VerifyInclusion(proof.LeafIndex, head.TreeSize, LogEntry.LeafHash(report), proof.AuditPath, head.RootHash));
            }

            if (before.TreeSize > 0)
            {
                var old = (await TransparencyLog.HeadAsync(db, before.TreeSize))!;
                var consistency = await TransparencyLog.ConsistencyProofAsync(db, old.TreeSize, head.TreeSize);
                Assert.True(MerkleTree.VerifyConsistency(old.TreeSize, head.TreeSize, old.RootHash, head.RootHash, consistency));
            }

            Assert.Empty(await TransparencyLog.AuditAsync(db, head));
        }

        // Idempotent: nothing queued, nothing appended, no new head.
        var again = await SequenceAsync();
        Assert.Equal(0, again.LeavesAppended);
        Assert.Equal(run.TreeSize, again.TreeSize);
    }

    [Fact]
    public async Task Reports_issued_before_the_log_existed_are_queued_once_by_db_migrate()
    {
        var number = await IssueAsync("透明日志补记有限公司");
        await SequenceAsync();
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(InclusionState.Included, (await TransparencyLog.CheckAsync(db, number))!.State);
        var head = (await TransparencyLog.LatestHeadAsync(db))!;
        // As if the report predated the log: no leaf, no queue entry.
        var orphan = await IssueAsync("透明日志补记乙有限公司");
        await db.Set<TransparencyQueueEntry>().Where(q => q.ReportNumber == orphan).ExecuteDeleteAsync();
        Assert.Equal(InclusionState.NotConfirmed, (await TransparencyLog.CheckAsync(db, orphan))!.State);
        Assert.Contains(await TransparencyLog.AuditAsync(db, head), p => p.Contains(orphan, StringComparison.Ordinal));

        Assert.Equal(1, await TransparencyLog.EnqueueMissingAsync(db, fixture.Time));
        Assert.Equal(0, await TransparencyLog.EnqueueMissingAsync(db, fixture.Time));
        await SequenceAsync();
        Assert.Equal(InclusionState.Included, (await TransparencyLog.CheckAsync(db, orphan))!.State);
    }

    [Fact]
    public async Task Four_sequencers_running_while_reports_are_issued_append_each_report_once_and_never_fork()
    {
        var start = (await SequenceAsync()).TreeSize;
        var numbers = new List<string>();
        var issuing = Task.Run(async () =>
        {
            for (var i = 0; i < 24; i++)
                numbers.Add(await IssueAsync($"并发透明日志{i}有限公司"));
        });
        var sequencers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!issuing.IsCompleted)
                await SequenceAsync();
            await SequenceAsync();
        })).ToList();
        await issuing;
        await Task.WhenAll(sequencers);

        await using var db = fixture.Database.CreateContext();
        var leaves = await db.Set<TransparencyLeaf>().Where(l => l.Index >= start).OrderBy(l => l.Index).ToListAsync();
        Assert.Equal(Enumerable.Range(0, leaves.Count).Select(i => start + i), leaves.Select(l => l.Index));
        Assert.All(numbers, n => Assert.Single(leaves, l => l.ReportNumber == n));

        // Every head extends the one before it.
        var heads = (await db.Set<TreeHeadRecord>().Where(h => h.TreeSize >= start).OrderBy(h => h.TreeSize).Select(h => h.Document).ToListAsync())
            .Select(SignedTreeHead.FromJson).ToList();
        for (var i = 1; i < heads.Count; i++)
        {
            var proof = await TransparencyLog.ConsistencyProofAsync(db, heads[i - 1].TreeSize, heads[i].TreeSize);
            Assert.True(MerkleTree.VerifyConsistency(heads[i - 1].TreeSize, heads[i].TreeSize, heads[i - 1].RootHash, heads[i].RootHash, proof));
        }

        Assert.Empty(await TransparencyLog.AuditAsync(db, heads[^1]));
    }

    private async Task<string> IssueAsync(string name)
    {
        var subject = await fixture.AddSubjectAsync(name);
        return ReportNumbers.ParseNumber((await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" })).ReportNumber)!;
    }

    private async Task<SequencerRun> SequenceAsync()
    {
        await using var db = fixture.Database.CreateContext();
        return await fixture.Services.GetRequiredService<TransparencyLog>().SequenceAsync(db);
    }
}

/// <summary>An operator who removes a report and rebuilds the whole log cannot make it consistent with a head an auditor kept.</summary>
[Trait("Category", "Database")]
public sealed class TransparencyRewriteTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task A_log_rebuilt_without_one_report_is_not_consistent_with_the_head_kept_before()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++)
            numbers.Add(await IssueAsync($"重建日志{i}有限公司"));
        await SequenceAsync();
        SignedTreeHead kept;
        await using (var db = fixture.Database.CreateContext())
            kept = (await TransparencyLog.LatestHeadAsync(db))!;

        await using (var db = fixture.Database.CreateContext())
        {
            await db.IssuedReports.Where(r => r.Number == numbers[2]).ExecuteDeleteAsync();
            await db.Set<TransparencyLeaf>().ExecuteDeleteAsync();
            await db.Set<TransparencyNode>().ExecuteDeleteAsync();
            await db.Set<TreeHeadRecord>().ExecuteDeleteAsync();
            Assert.Equal(4, await TransparencyLog.EnqueueMissingAsync(db, fixture.Time));
        }

        numbers.Add(await IssueAsync("重建日志5有限公司"));
        numbers.Add(await IssueAsync("重建日志6有限公司"));
        await SequenceAsync();
        await using (var db = fixture.Database.CreateContext())
        {
            var rebuilt = (await TransparencyLog.LatestHeadAsync(db))!;
            Assert.True(rebuilt.TreeSize > kept.TreeSize);
            // Signed with the platform's keys and internally sound: only the auditor's old head exposes it.
            Assert.Null(rebuilt.Problem(await fixture.TrustListAsync()));
            Assert.Empty(await TransparencyLog.AuditAsync(db, rebuilt));
            var proof = await TransparencyLog.ConsistencyProofAsync(db, kept.TreeSize, rebuilt.TreeSize);
            Assert.False(MerkleTree.VerifyConsistency(kept.TreeSize, rebuilt.TreeSize, kept.RootHash, rebuilt.RootHash, proof));
        }
    }

    private async Task<string> IssueAsync(string name)
    {
        var subject = await fixture.AddSubjectAsync(name);
        return ReportNumbers.ParseNumber((await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" })).ReportNumber)!;
    }

    private async Task SequenceAsync()
    {
        await using var db = fixture.Database.CreateContext();
        await fixture.Services.GetRequiredService<TransparencyLog>().SequenceAsync(db);
    }
}

/// <summary>Tampering with a report or the log after issue (own database: the damage stays).</summary>
[Trait("Category", "Database")]
public sealed class TransparencyTamperTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Altering_or_deleting_an_issued_report_or_a_stored_leaf_shows()
    {
        for (var i = 0; i < 4; i++)
            await IssueAsync($"透明日志篡改{i}有限公司");
        await SequenceAsync();
        await using var db = fixture.Database.CreateContext();
        var head = (await TransparencyLog.LatestHeadAsync(db))!;
        Assert.Equal(4, head.TreeSize);
        Assert.Empty(await TransparencyLog.AuditAsync(db, head));
        var byIndex = await db.Set<TransparencyLeaf>().OrderBy(l => l.Index).Select(l => l.ReportNumber).ToListAsync();
        var (altered, deleted, rewritten, neighbour) = (byIndex[0], byIndex[1], byIndex[2], byIndex[3]);
        Assert.All(byIndex, n => Assert.Equal(InclusionState.Included, TransparencyLog.CheckAsync(db, n).Result!.State));

        // An operator swaps the PDF of an issued report (and its hash): the report's row no longer leads to the signed root.
        await db.IssuedReports.Where(r => r.Number == altered)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PdfSha256, new string('0', 64)));
        var note = (await TransparencyLog.CheckAsync(db, altered))!;
        Assert.Equal(InclusionState.NotConfirmed, note.State);
        Assert.Contains(await TransparencyLog.AuditAsync(db, head), p => p.Contains(altered, StringComparison.Ordinal) && p.Contains("no longer matches", StringComparison.Ordinal));

        // A report row removed: its leaf stays and names it.
        await db.IssuedReports.Where(r => r.Number == deleted).ExecuteDeleteAsync();
        Assert.Contains(await TransparencyLog.AuditAsync(db, head), p => p.Contains(deleted, StringComparison.Ordinal) && p.Contains("not in the database", StringComparison.Ordinal));

        // A stored leaf rewritten: the leaves no longer give the signed root, and its neighbour's proof breaks.
        Assert.Equal(InclusionState.Included, (await TransparencyLog.CheckAsync(db, neighbour))!.State);
        await db.Set<TransparencyLeaf>().Where(l => l.ReportNumber == rewritten).ExecuteUpdateAsync(s => s.SetProperty(l => l.LeafHash, new byte[32]));
        Assert.Contains(await TransparencyLog.AuditAsync(db, head), p => p.Contains("give root", StringComparison.Ordinal));
        Assert.Equal(InclusionState.NotConfirmed, (await TransparencyLog.CheckAsync(db, neighbour))!.State);

        // A leaf removed: the log cannot prove the reports beside it any more.
        await db.Set<TransparencyLeaf>().Where(l => l.ReportNumber == rewritten).ExecuteDeleteAsync();
        Assert.Contains(await TransparencyLog.AuditAsync(db, head), p => p.Contains("leaf 2 is missing", StringComparison.Ordinal));
        Assert.Equal(InclusionState.NotConfirmed, (await TransparencyLog.CheckAsync(db, neighbour))!.State);
    }

    private async Task<string> IssueAsync(string name)
    {
        var subject = await fixture.AddSubjectAsync(name);
        return ReportNumbers.ParseNumber((await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" })).ReportNumber)!;
    }

    private async Task SequenceAsync()
    {
        await using var db = fixture.Database.CreateContext();
        await fixture.Services.GetRequiredService<TransparencyLog>().SequenceAsync(db);
    }
}

[Trait("Category", "Database")]
public sealed class TransparencyNoteReuseTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task An_included_answer_is_reused_within_its_bound_and_proved_again_after_it()
    {
        // Issue 19: verification proved inclusion on every request (about half of its CPU); the answer is reused now.
        var subject = await fixture.AddSubjectAsync("透明日志复用测试有限公司");
        var number = ReportNumbers.ParseNumber((await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" })).ReportNumber)!;
        var clock = new Clock(DateTimeOffset.UtcNow);
        var log = new TransparencyLog(fixture.Services.GetRequiredService<SigningKeyRing>(), fixture.Services.GetRequiredService<CreditProof.Platform.PlatformOptions>(),
            fixture.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportOptions>>(), clock);
        await using var scope = fixture.Services.CreateAsyncScope();
        var reads = scope.ServiceProvider.GetRequiredService<CreditProof.Storage.ReadOnlyDatabase>();

        Assert.Equal(InclusionState.Pending, (await log.NoteAsync(reads, number))!.State); // queued: never reused
        await using (var db = fixture.Database.CreateContext())
            await log.SequenceAsync(db);
        Assert.Equal(InclusionState.Included, (await log.NoteAsync(reads, number))!.State);

        await using (var db = fixture.Database.CreateContext())
            await db.IssuedReports.Where(r => r.Number == number).ExecuteUpdateAsync(s => s.SetProperty(r => r.ContentSha256, new string('0', 64)));
        Assert.Equal(InclusionState.Included, (await log.NoteAsync(reads, number))!.State); // within the bound: the answer held
        clock.Now += TransparencyLog.IncludedNoteReuse + TimeSpan.FromSeconds(1);
        Assert.Equal(InclusionState.NotConfirmed, (await log.NoteAsync(reads, number))!.State); // proved again: the altered row shows
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
