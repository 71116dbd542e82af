using System.Data.Common;
using System.Linq.Expressions;
using System.Security.Cryptography;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Transparency;

/// <summary>What one sequencer run did: leaves appended and the log's size afterwards.</summary>
public sealed record SequencerRun(int LeavesAppended, long TreeSize);

/// <summary>An issued report's audit path in the tree of the head it was computed for.</summary>
public sealed record InclusionProof(string ReportNumber, long LeafIndex, byte[] LeafHash, IReadOnlyList<byte[]> AuditPath, SignedTreeHead Head);

public enum InclusionState
{
    /// <summary>已记入: the report's own row gives the leaf, and its audit path leads to the latest signed root.</summary>
    Included,

    /// <summary>尚未记入: queued with the report; the sequencer adds it within seconds.</summary>
    Pending,

    /// <summary>The log does not confirm the report: its row no longer matches its leaf, or it is neither queued nor in the log.</summary>
    NotConfirmed,
}

/// <summary>The transparency log's answer for one report issued here, as verification shows it.</summary>
public sealed record TransparencyNote(InclusionState State, long? LeafIndex, long? TreeSize, string? Problem = null);

/// <summary>
/// The issuance transparency log (签发透明日志) in the style of RFC 9162: every issued report's <see cref="LogEntry"/>
/// is a leaf, in the order the sequencer took them from the queue <see cref="TransparencyCapture"/> fills with each
/// report; after each run a new signed tree head. Complete subtree hashes are stored as they complete
/// (<see cref="TransparencyNode"/>), so appending reads only the right edge and a proof reads O(log n) rows.
/// <para>
/// Single writer without a lock service: a run takes a slice of the queue, deletes it and appends its leaves and head
/// in one transaction. Two sequencers at once (two web nodes, the CLI) conflict on the queue rows, the leaf index or
/// the tree size (all unique), the loser rolls back and retries from the new head, so the log never forks.
/// </para>
/// </summary>
public sealed class TransparencyLog(SigningKeyRing keys, PlatformOptions platform, IOptions<ReportOptions> options, TimeProvider time)
{
    public const int BatchSize = 1000;
    private const int Attempts = 8;

    /// <summary>Sequences everything queued (idempotent: nothing queued, nothing done).</summary>
    public async Task<SequencerRun> SequenceAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var appended = 0;
        while (await db.Set<TransparencyQueueEntry>().AnyAsync(ct))
        {
            var n = await SequenceBatchWithRetryAsync(db, ct);
            if (n == 0)
                break;
            appended += n;
        }

        return new SequencerRun(appended, await TreeSizeAsync(db, ct));
    }

    public static async Task<long> TreeSizeAsync(CreditProofDbContext db, CancellationToken ct = default) =>
        await db.Set<TreeHeadRecord>().MaxAsync(h => (long?)h.TreeSize, ct) ?? 0;

    public static Task<int> QueuedAsync(CreditProofDbContext db, CancellationToken ct = default) => db.Set<TransparencyQueueEntry>().CountAsync(ct);

    private async Task<int> SequenceBatchWithRetryAsync(CreditProofDbContext db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SequenceBatchAsync(db, ct);
            }
            catch (Exception e) when (attempt < Attempts && e is DbUpdateException or DbException or ConcurrentSequencerException)
            {
                // Another sequencer took the same slice or the same leaf index first: start again from its head.
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    private async Task<int> SequenceBatchAsync(CreditProofDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var size = await TreeSizeAsync(db, ct);
        var batch = await db.Set<TransparencyQueueEntry>().AsNoTracking()
            .OrderBy(q => q.QueuedAt).ThenBy(q => q.ReportId).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
            return 0;
        var ids = batch.Select(q => q.ReportId).ToList();
        if (await db.Set<TransparencyQueueEntry>().Where(q => ids.Contains(q.ReportId)).ExecuteDeleteAsync(ct) != batch.Count)
            throw new ConcurrentSequencerException();

        var edge = await ReadSubtreesAsync(db, MerkleFrontier.Positions(size), ct);
        var frontier = MerkleFrontier.Of(size, (level, index) => edge[(level, index)]);
        var now = time.GetUtcNow();
        foreach (var entry in batch)
        {
            db.Add(new TransparencyLeaf { Index = frontier.Size, ReportNumber = entry.ReportNumber, LeafHash = entry.LeafHash, SequencedAt = now.UtcDateTime });
            frontier.Append(entry.LeafHash, (level, index, hash) => db.Add(new TransparencyNode { Level = level, Index = index, Hash = hash }));
        }

        var signers = await SigningKeysAsync(db, ct);
        var head = SignedTreeHead.Sign(platform.Issuer, frontier.Size, frontier.Root(), now, signers);
        db.Add(new TreeHeadRecord { TreeSize = head.TreeSize, Timestamp = head.Timestamp, Document = head.ToJson() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return batch.Count;
    }

    /// <summary>The platform's active keys, the configured algorithm first: a head is signed by each.</summary>
    private async Task<List<LoadedKey>> SigningKeysAsync(CreditProofDbContext db, CancellationToken ct)
    {
        var preferred = options.Value.SigningAlgorithm;
        var found = new List<LoadedKey>();
        foreach (var algorithm in new[] { preferred }.Concat(Enum.GetValues<SigningAlgorithm>().Where(a => a != preferred)))
        {
            try
            {
                found.Add(await keys.GetActiveAsync(db, algorithm, ct));
            }
            catch (SigningKeyMissingException) when (algorithm != preferred)
            {
            }
        }

        return found;
    }

    public static async Task<SignedTreeHead?> LatestHeadAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var document = await db.Set<TreeHeadRecord>().AsNoTracking().OrderByDescending(h => h.TreeSize).Select(h => h.Document).FirstOrDefaultAsync(ct);
        return document is null ? null : SignedTreeHead.FromJson(document);
    }

    /// <summary>The stored head of exactly this size, if a run ended there.</summary>
    public static async Task<SignedTreeHead?> HeadAsync(CreditProofDbContext db, long treeSize, CancellationToken ct = default)
    {
        var document = await db.Set<TreeHeadRecord>().AsNoTracking().Where(h => h.TreeSize == treeSize).Select(h => h.Document).FirstOrDefaultAsync(ct);
        return document is null ? null : SignedTreeHead.FromJson(document);
    }

    /// <summary>The stored head before the latest one (what <c>transparency verify</c> checks the latest against by default).</summary>
    public static async Task<SignedTreeHead?> PreviousHeadAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var documents = await db.Set<TreeHeadRecord>().AsNoTracking().OrderByDescending(h => h.TreeSize).Select(h => h.Document).Take(2).ToListAsync(ct);
        return documents.Count < 2 ? null : SignedTreeHead.FromJson(documents[1]);
    }

    /// <summary>The report's audit path against the latest head; null when the report has no leaf (yet).</summary>
    public static async Task<InclusionProof?> InclusionProofAsync(CreditProofDbContext db, string reportNumber, CancellationToken ct = default)
    {
        var leaf = await db.Set<TransparencyLeaf>().AsNoTracking().Where(l => l.ReportNumber == reportNumber)
            .Select(l => new { l.Index, l.LeafHash }).FirstOrDefaultAsync(ct);
        if (leaf is null || await LatestHeadAsync(db, ct) is not { } head || leaf.Index >= head.TreeSize)
            return null;
        var path = await ComputeAsync(db, read => MerkleTree.InclusionProof(leaf.Index, head.TreeSize, read), ct);
        return new InclusionProof(reportNumber, leaf.Index, leaf.LeafHash, path, head);
    }

    /// <summary>PROOF(first, D[second]) from the stored subtrees; second may not exceed the log's size.</summary>
    public static async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(CreditProofDbContext db, long first, long second, CancellationToken ct = default)
    {
        var size = await TreeSizeAsync(db, ct);
        if (first < 0 || first > second || second > size)
            throw new ArgumentOutOfRangeException(nameof(second), $"a consistency proof needs 0 ≤ first ≤ second ≤ {size} (the log's size); got {first} and {second}");
        return await ComputeAsync(db, read => MerkleTree.ConsistencyProof(first, second, read), ct);
    }

    /// <summary>How long a report's "included" answer is reused before it is proved again from the stored rows.</summary>
    public static readonly TimeSpan IncludedNoteReuse = TimeSpan.FromSeconds(60);

    private const int MaxRememberedNotes = 200_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TransparencyNote Note, DateTimeOffset Until)> _included = new(StringComparer.Ordinal);

    /// <summary>
    /// What verification shows, as <see cref="CheckAsync(ReadOnlyDatabase, string, CancellationToken)"/>, with an
    /// "included" answer reused for <see cref="IncludedNoteReuse"/>: a report once in the signed log stays provable in every
    /// later head, so within that bound only the tree size it quotes can be behind, and a stored row altered since is
    /// caught at the next proof. Pending and not-confirmed answers are never reused. (Issue 19: proving inclusion on every
    /// request — five queries, one compiled afresh each time — was about half of verification's CPU.)
    /// </summary>
    public async Task<TransparencyNote?> NoteAsync(ReadOnlyDatabase reads, string reportNumber, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_included.TryGetValue(reportNumber, out var held) && held.Until > now)
            return held.Note;
        var note = await CheckAsync(reads, reportNumber, ct);
        if (note is { State: InclusionState.Included })
        {
            if (_included.Count >= MaxRememberedNotes)
                _included.Clear();
            _included[reportNumber] = (note, now + IncludedNoteReuse);
        }
        else
        {
            _included.TryRemove(reportNumber, out _);
        }

        return note;
    }

    /// <summary>
    /// <see cref="CheckAsync(CreditProofDbContext, string, CancellationToken)"/> for verification: on the standby, and on
    /// the primary for a report not on the standby yet (issued a moment ago).
    /// </summary>
    public static Task<TransparencyNote?> CheckAsync(ReadOnlyDatabase reads, string reportNumber, CancellationToken ct = default) =>
        reads.ReadAsync(db => CheckAsync(db, reportNumber, ct), note => note is null);

    /// <summary>
    /// What verification shows for a report issued here: its leaf recomputed from the report's stored row must be
    /// proved into the latest signed root. Null for a number not issued here.
    /// </summary>
    public static async Task<TransparencyNote?> CheckAsync(CreditProofDbContext db, string reportNumber, CancellationToken ct = default)
    {
        var report = await db.IssuedReports.AsNoTracking().Where(r => r.Number == reportNumber)
            .Select(r => new { r.Number, r.ContentSha256, r.PdfSha256, r.IssuedAt }).FirstOrDefaultAsync(ct);
        if (report is null)
            return null;
        InclusionProof? proof;
        try
        {
            proof = await InclusionProofAsync(db, reportNumber, ct);
        }
        catch (InvalidDataException e)
        {
            return new TransparencyNote(InclusionState.NotConfirmed, null, null, e.Message);
        }

        if (proof is null)
        {
            return await db.Set<TransparencyQueueEntry>().AnyAsync(q => q.ReportNumber == reportNumber, ct)
                || await db.Set<TransparencyLeaf>().AnyAsync(l => l.ReportNumber == reportNumber, ct)
                ? new TransparencyNote(InclusionState.Pending, null, null)
                : new TransparencyNote(InclusionState.NotConfirmed, null, null, "the report is neither in the log nor queued for it");
        }

        var leaf = LogEntry.LeafHash(report.Number, report.ContentSha256, report.PdfSha256, report.IssuedAt);
        return MerkleTree.VerifyInclusion(proof.LeafIndex, proof.Head.TreeSize, leaf, proof.AuditPath, proof.Head.RootHash)
            ? new TransparencyNote(InclusionState.Included, proof.LeafIndex, proof.Head.TreeSize)
            : new TransparencyNote(InclusionState.NotConfirmed, proof.LeafIndex, proof.Head.TreeSize,
                $"the report's stored data does not lead to the signed root of tree size {proof.Head.TreeSize} (leaf {proof.LeafIndex})");
    }

    /// <summary>
    /// Rebuilds the tree of <paramref name="head"/> from the stored leaves and checks every leaf against the report it
    /// names, and that no issued report is missing from log and queue. O(n): the auditor's full check. Empty when all holds.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AuditAsync(CreditProofDbContext db, SignedTreeHead head, CancellationToken ct = default)
    {
        const int MaxListed = 20;
        var problems = new List<string>();
        void Problem(string p)
        {
            if (problems.Count < MaxListed)
                problems.Add(p);
        }

        var frontier = MerkleFrontier.Of(0, (_, _) => throw new InvalidOperationException());
        var rows = from l in db.Set<TransparencyLeaf>().AsNoTracking()
                   where l.Index < head.TreeSize
                   orderby l.Index
                   join r in db.IssuedReports.AsNoTracking() on l.ReportNumber equals r.Number into reports
                   from r in reports.DefaultIfEmpty()
                   select new { l.Index, l.ReportNumber, l.LeafHash, Found = r != null, r!.ContentSha256, r.PdfSha256, IssuedAt = (DateTime?)r.IssuedAt };
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (row.Index != frontier.Size)
            {
                Problem($"leaf {frontier.Size} is missing from the log (the next stored leaf is {row.Index})");
                break;
            }

            if (!row.Found)
                Problem($"leaf {row.Index}: report {row.ReportNumber} is not in the database (deleted?)");
            else if (!CryptographicOperations.FixedTimeEquals(LogEntry.LeafHash(row.ReportNumber, row.ContentSha256, row.PdfSha256, row.IssuedAt!.Value), row.LeafHash))
                Problem($"leaf {row.Index}: report {row.ReportNumber} no longer matches its leaf (its number, content hash, PDF hash or issue time changed)");
            frontier.Append(row.LeafHash, static (_, _, _) => { });
        }

        if (frontier.Size != head.TreeSize)
            Problem($"the log holds {frontier.Size} consecutive leaves, the head says {head.TreeSize}");
        else if (!CryptographicOperations.FixedTimeEquals(frontier.Root(), head.RootHash))
            Problem($"the stored leaves give root {Convert.ToBase64String(frontier.Root())}, the signed head of size {head.TreeSize} says {head.RootHashBase64}");

        var unlogged = await db.IssuedReports.AsNoTracking()
            .Where(r => !db.Set<TransparencyLeaf>().Any(l => l.ReportNumber == r.Number) && !db.Set<TransparencyQueueEntry>().Any(q => q.ReportNumber == r.Number))
            .Select(r => r.Number).Take(MaxListed).ToListAsync(ct);
        foreach (var number in unlogged)
            Problem($"report {number} was issued but is neither in the log nor queued for it");
        return problems;
    }

    /// <summary>
    /// Queues reports issued before the log existed (run by <c>db migrate</c>): each report is either in the log or
    /// queued from then on. Idempotent; issue order is kept.
    /// </summary>
    public static async Task<int> EnqueueMissingAsync(CreditProofDbContext db, TimeProvider time, CancellationToken ct = default)
    {
        var queued = 0;
        while (true)
        {
            var missing = await db.IssuedReports.AsNoTracking()
                .Where(r => !db.Set<TransparencyLeaf>().Any(l => l.ReportNumber == r.Number) && !db.Set<TransparencyQueueEntry>().Any(q => q.ReportId == r.Id))
                .OrderBy(r => r.IssuedAt).ThenBy(r => r.Id).Take(BatchSize)
                .Select(r => new { r.Id, r.Number, r.ContentSha256, r.PdfSha256, r.IssuedAt }).ToListAsync(ct);
            if (missing.Count == 0)
                return queued;
            var now = time.GetUtcNow().UtcDateTime;
            db.AddRange(missing.Select(r => new TransparencyQueueEntry
            {
                ReportId = r.Id,
                ReportNumber = r.Number,
                LeafHash = LogEntry.LeafHash(r.Number, r.ContentSha256, r.PdfSha256, r.IssuedAt),
                QueuedAt = r.IssuedAt < now ? r.IssuedAt : now,
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            queued += missing.Count;
        }
    }

    /// <summary>Runs a computation over complete subtrees: finds which it reads, fetches them in (at most) two queries, computes.</summary>
    private static async Task<T> ComputeAsync<T>(CreditProofDbContext db, Func<SubtreeReader, T> computation, CancellationToken ct)
    {
        var subtrees = await ReadSubtreesAsync(db, MerkleTree.Needed(read => computation(read)), ct);
        return computation((level, index) => subtrees[(level, index)]);
    }

    private static async Task<Dictionary<(int Level, long Index), byte[]>> ReadSubtreesAsync(CreditProofDbContext db,
        IReadOnlyCollection<(int Level, long Index)> keys, CancellationToken ct)
    {
        var found = new Dictionary<(int Level, long Index), byte[]>();
        var leafIndexes = keys.Where(k => k.Level == 0).Select(k => k.Index).ToList();
        if (leafIndexes.Count > 0)
        {
            foreach (var leaf in await db.Set<TransparencyLeaf>().AsNoTracking().Where(l => leafIndexes.Contains(l.Index))
                         .Select(l => new { l.Index, l.LeafHash }).ToListAsync(ct))
                found[(0, leaf.Index)] = leaf.LeafHash;
        }

        var upper = keys.Where(k => k.Level > 0).ToList();
        if (upper.Count > 0)
        {
            foreach (var node in await db.Set<TransparencyNode>().AsNoTracking().Where(AnyOf(upper)).ToListAsync(ct))
                found[(node.Level, node.Index)] = node.Hash;
        }

        var missing = keys.Where(k => !found.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException("The transparency log lacks stored subtrees it needs (level/index " +
                string.Join(", ", missing.Take(5).Select(m => $"{m.Level}/{m.Index}")) + "): leaves or nodes were removed.");
        }

        return found;
    }

    /// <summary>
    /// <c>(Level = @a AND Index = @b) OR …</c>: one query, one primary-key lookup per node, on either provider. The
    /// values are read from captured objects, so EF Core sends parameters and caches one plan per number of nodes.
    /// </summary>
    private static Expression<Func<TransparencyNode, bool>> AnyOf(IEnumerable<(int Level, long Index)> keys)
    {
        var node = Expression.Parameter(typeof(TransparencyNode), "n");
        Expression? any = null;
        foreach (var (level, index) in keys)
        {
            var key = Expression.Constant(new NodeKey(level, index));
            var one = Expression.AndAlso(
                Expression.Equal(Expression.Property(node, nameof(TransparencyNode.Level)), Expression.Property(key, nameof(NodeKey.Level))),
                Expression.Equal(Expression.Property(node, nameof(TransparencyNode.Index)), Expression.Property(key, nameof(NodeKey.Index))));
            any = any is null ? one : Expression.OrElse(any, one);
        }

        return Expression.Lambda<Func<TransparencyNode, bool>>(any ?? Expression.Constant(false), node);
    }

    private sealed record NodeKey(int Level, long Index);

    private sealed class ConcurrentSequencerException() : InvalidOperationException("another sequencer took the same queue entries");
}
