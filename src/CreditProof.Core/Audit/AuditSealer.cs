using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Audit;

public sealed class AuditOptions
{
    public const string Section = "CreditProof:Audit";

    /// <summary>A signed checkpoint at most this often (seconds) while entries arrive; 0: after every sealing round.</summary>
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>A staff account or API key that reads the data of this many different subjects…</summary>
    public int ReadAlertSubjects { get; set; } = 50;

    /// <summary>…within this many minutes raises an alert for the auditor.</summary>
    public int ReadAlertMinutes { get; set; } = 10;

    /// <summary>Entries newer than this (hours) are looked for when sealing; older unsealed ones are a finding of <c>audit verify</c>.</summary>
    public int SealLookBackHours { get; set; } = 24;
}

/// <summary>
/// Links new entries into the chain (position n: SHA-256 of position n−1's hash and the entry), signs a checkpoint now
/// and then, and raises misuse alerts. One transaction per round; on two nodes at once one of them loses the race on
/// the next position and retries next round, so the chain never forks. Run by the web host's background round and by
/// the CLI after each command.
/// </summary>
public sealed class AuditSealer(AuditOptions options, SigningKeyRing keys, TimeProvider time, ILogger<AuditSealer>? logger = null)
{
    private const int RoundSize = 2000;
    private readonly ILogger _logger = logger ?? NullLogger<AuditSealer>.Instance;

    /// <summary>Seals until nothing is pending; returns how many entries were linked.</summary>
    public async Task<int> SealPendingAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            int sealedNow;
            try
            {
                sealedNow = await RoundAsync(db, ct);
            }
            catch (DbUpdateException e)
            {
                // Another node sealed the same position first; its chain stands, ours is rolled back.
                _logger.LogInformation(e, "Another process sealed the audit trail at the same time; retrying next round");
                db.ChangeTracker.Clear();
                return total;
            }

            total += sealedNow;
            if (sealedNow < RoundSize)
                return total;
        }
    }

    private async Task<int> RoundAsync(CreditProofDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var last = await db.AuditChain.AsNoTracking().OrderByDescending(l => l.Position).Select(l => new { l.Position, l.Hash }).FirstOrDefaultAsync(ct);
        var since = time.GetUtcNow().UtcDateTime.AddHours(-Math.Max(1, options.SealLookBackHours));
        var pending = await db.AuditEntries.AsNoTracking()
            .Where(e => e.At >= since && !db.AuditChain.Any(l => l.EntryId == e.Id))
            .OrderBy(e => e.Id).Take(RoundSize).ToListAsync(ct);
        if (pending.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return 0;
        }

        var position = last?.Position ?? 0;
        var previous = last?.Hash ?? AuditHash.Genesis;
        foreach (var entry in pending)
        {
            var hash = AuditHash.Of(previous, entry);
            db.AuditChain.Add(new AuditLink { Position = ++position, EntryId = entry.Id, PreviousHash = previous, Hash = hash });
            previous = hash;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var lastCheckpoint = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Id).Select(c => (DateTime?)c.At).FirstOrDefaultAsync(ct);
        if (lastCheckpoint is null || (now - lastCheckpoint.Value).TotalSeconds >= options.CheckpointSeconds)
            await CheckpointAsync(db, position, previous, now, ct);
        await RaiseAlertsAsync(db, pending, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return pending.Count;
    }

    /// <summary>Signs the chain's head with every active platform key (SM2 and ECDSA P-256).</summary>
    private async Task CheckpointAsync(CreditProofDbContext db, long position, byte[] hash, DateTime now, CancellationToken ct)
    {
        var at = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var message = AuditHash.CheckpointMessage(position, hash, at);
        foreach (var algorithm in new[] { SigningAlgorithm.Sm2, SigningAlgorithm.EcdsaP256 })
        {
            LoadedKey key;
            try
            {
                key = await keys.GetActiveAsync(db, algorithm, ct);
            }
            catch (Exception e) when (e is SigningKeyMissingException or System.Security.Cryptography.CryptographicException)
            {
                // No key, or one this process cannot unwrap: the chain is sealed all the same; the next checkpoint signs it.
                if (e is SigningKeyMissingException)
                    _logger.LogDebug("No audit checkpoint signed with {Algorithm}: no such key", algorithm);
                else
                    _logger.LogWarning("No audit checkpoint signed with {Algorithm}: {Reason}", algorithm, e.Message);
                continue;
            }

            db.AuditCheckpoints.Add(new AuditCheckpoint { Position = position, Hash = hash, At = at, KeyId = key.Id, Algorithm = algorithm, Signature = key.Sign(message) });
        }
    }

    /// <summary>
    /// Misuse (不当利用): one account reading the data of many subjects in a short time. Counted over the window that ends
    /// now, for the actors of the entries just sealed; at most one alert per actor and window.
    /// </summary>
    private async Task RaiseAlertsAsync(CreditProofDbContext db, List<AuditEntry> sealedEntries, DateTime now, CancellationToken ct)
    {
        var actors = sealedEntries.Where(e => e.SubjectId is not null && e.Role is not ("subject" or "system" or "anonymous")).Select(e => e.Actor).Distinct().ToList();
        if (actors.Count == 0)
            return;
        var window = TimeSpan.FromMinutes(Math.Max(1, options.ReadAlertMinutes));
        var windowStart = new DateTime(now.Ticks - (now.Ticks % window.Ticks), DateTimeKind.Utc);
        var from = now - window;
        var counts = await db.AuditEntries.AsNoTracking()
            .Where(e => actors.Contains(e.Actor) && e.At >= from && e.SubjectId != null)
            .GroupBy(e => e.Actor).Select(g => new { Actor = g.Key, Subjects = g.Select(e => e.SubjectId).Distinct().Count() })
            .ToListAsync(ct);
        foreach (var c in counts.Where(c => c.Subjects >= options.ReadAlertSubjects))
        {
            if (await db.AuditAlerts.AnyAsync(a => a.Actor == c.Actor && a.Kind == "many-subjects" && a.WindowStart == windowStart, ct))
                continue;
            db.AuditAlerts.Add(new AuditAlert
            {
                DetectedAt = AuditHash.Stored(now), Actor = c.Actor, Kind = "many-subjects", WindowStart = windowStart, Count = c.Subjects,
                DetailZh = $"账户“{c.Actor}”在 {window.TotalMinutes:0} 分钟内查阅了 {c.Subjects} 个不同主体的数据（阈值 {options.ReadAlertSubjects}）。",
                DetailEn = $"Account '{c.Actor}' read the data of {c.Subjects} different subjects within {window.TotalMinutes:0} minutes (threshold {options.ReadAlertSubjects}).",
            });
        }
    }
}
