using System.Text.Json;
using System.Text.Json.Serialization;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Audit;

/// <summary>A checkpoint as exported for safe keeping outside the database (<c>creditproof audit checkpoint --out</c>).</summary>
public sealed record ExportedCheckpoint(
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("at")] DateTime At,
    [property: JsonPropertyName("signatures")] IReadOnlyList<ExportedSignature> Signatures)
{
    public static ExportedCheckpoint? Read(string json) => JsonSerializer.Deserialize<ExportedCheckpoint>(json);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Indented);
}

public sealed record ExportedSignature(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("publicKey")] string PublicKey,
    [property: JsonPropertyName("signature")] string Signature);

/// <summary>The result of checking the chain: intact, or the first place it breaks and why (bilingual).</summary>
public sealed record AuditVerification(bool Intact, long Checked, long? BrokenPosition, long? BrokenEntryId, string? ProblemZh, string? ProblemEn,
    int Checkpoints, long? LastCheckpointPosition, DateTime? LastCheckpointAt, int Unsealed)
{
    public string Describe() => Intact
        ? $"audit trail intact: {Checked:N0} entries chained, {Checkpoints} signed checkpoints (last at position {LastCheckpointPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}), {Unsealed} not yet sealed"
        : $"audit trail BROKEN at position {BrokenPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (entry {BrokenEntryId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}): {ProblemEn} / {ProblemZh}";
}

/// <summary>
/// Recomputes the chain from the entries, position by position, and checks every checkpoint's signature against the
/// platform's public keys; the first mismatch is reported with its position and entry. An exported checkpoint kept
/// elsewhere catches a truncated tail that the database's own checkpoints cannot (they could be removed with it).
/// </summary>
public static class AuditVerifier
{
    private const int Page = 5000;

    public static async Task<AuditVerification> VerifyAsync(CreditProofDbContext db, ExportedCheckpoint? kept = null, DateTime? nowUtc = null, TimeSpan? sealGrace = null, CancellationToken ct = default)
    {
        var expected = 1L;
        var previous = AuditHash.Genesis;
        var hashes = new Dictionary<long, byte[]>();
        var checkpointPositions = (await db.AuditCheckpoints.AsNoTracking().Select(c => c.Position).ToListAsync(ct)).ToHashSet();
        if (kept is not null)
            checkpointPositions.Add(kept.Position);
        while (true)
        {
            var from = expected;
            var links = await db.AuditChain.AsNoTracking().Where(l => l.Position >= from).OrderBy(l => l.Position).Take(Page)
                .GroupJoin(db.AuditEntries.AsNoTracking(), l => l.EntryId, e => e.Id, (l, e) => new { Link = l, Entries = e })
                .SelectMany(x => x.Entries.DefaultIfEmpty(), (x, e) => new { x.Link, Entry = e })
                .ToListAsync(ct);
            foreach (var row in links.OrderBy(r => r.Link.Position))
            {
                var link = row.Link;
                if (link.Position != expected)
                    return Broken(expected, null, $"第 {expected} 条链接缺失（链接被删除）", $"position {expected} is missing (a link was removed)");
                if (!link.PreviousHash.AsSpan().SequenceEqual(previous))
                    return Broken(link.Position, link.EntryId, "前一哈希与上一条不符（链接被改动或插入）", "its previous hash does not match the position before (a link was altered or inserted)");
                if (row.Entry is null)
                    return Broken(link.Position, link.EntryId, "所链接的审计条目不存在（条目被删除）", "the entry it links is missing (an entry was deleted)");
                var hash = AuditHash.Of(previous, row.Entry);
                if (!hash.AsSpan().SequenceEqual(link.Hash))
                    return Broken(link.Position, link.EntryId, "条目内容与其哈希不符（条目被篡改）", "the entry's content does not match its hash (the entry was altered)");
                if (checkpointPositions.Contains(link.Position))
                    hashes[link.Position] = hash;
                previous = hash;
                expected++;
            }

            if (links.Count < Page)
                break;
        }

        var last = expected - 1;
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Position).ToListAsync(ct);
        var publicKeys = await db.SigningKeys.AsNoTracking().Select(k => new { k.Id, k.Algorithm, k.PublicKey }).ToDictionaryAsync(k => k.Id, ct);
        foreach (var c in checkpoints)
        {
            if (c.Position > last)
                return Broken(c.Position, null, $"签名检查点位于第 {c.Position} 条，而链只有 {last} 条（链尾被截断）", $"a signed checkpoint is at position {c.Position} but the chain ends at {last} (its tail was cut)");
            if (!hashes.TryGetValue(c.Position, out var h) || !h.AsSpan().SequenceEqual(c.Hash))
                return Broken(c.Position, null, "签名检查点的哈希与链不符", "a signed checkpoint's hash does not match the chain");
            if (!publicKeys.TryGetValue(c.KeyId, out var key) || key.Algorithm != c.Algorithm || !VerifySignature(c.Algorithm, key.PublicKey, AuditHash.CheckpointMessage(c.Position, c.Hash, c.At), c.Signature))
                return Broken(c.Position, null, "签名检查点的签名无法用平台公钥验证", "a signed checkpoint's signature does not verify with the platform's public key");
        }

        if (kept is not null)
        {
            if (kept.Position > last)
                return Broken(kept.Position, null, $"外部保存的检查点位于第 {kept.Position} 条，而链只有 {last} 条（链尾被截断）", $"the kept checkpoint is at position {kept.Position} but the chain ends at {last} (its tail was cut)");
            if (!hashes.TryGetValue(kept.Position, out var h) || !Convert.ToBase64String(h).Equals(kept.Hash, StringComparison.Ordinal))
                return Broken(kept.Position, null, "外部保存的检查点与链不符（链被改写）", "the kept checkpoint does not match the chain (the chain was rewritten)");
        }

        // An entry every round should have sealed but that no link names: a link removed at the tail, or a stuck sealer.
        var cutoff = (nowUtc ?? DateTime.UtcNow) - (sealGrace ?? TimeSpan.FromHours(1));
        var unsealed = await db.AuditEntries.AsNoTracking().Where(e => !db.AuditChain.Any(l => l.EntryId == e.Id)).Select(e => new { e.Id, e.At }).OrderBy(e => e.Id).ToListAsync(ct);
        if (unsealed.FirstOrDefault(e => e.At < cutoff) is { } old)
            return Broken(null, old.Id, "审计条目长时间未链接（链接被删除或封存停止）", "an entry has been left out of the chain for too long (a link was removed or sealing stopped)");
        var lastCheckpoint = checkpoints.LastOrDefault();
        return new AuditVerification(true, last, null, null, null, null, checkpoints.Count, lastCheckpoint?.Position, lastCheckpoint?.At, unsealed.Count);

        AuditVerification Broken(long? position, long? entry, string zh, string en) =>
            new(false, expected - 1, position, entry, zh, en, 0, null, null, 0);
    }

    /// <summary>The latest checkpoint, with its signatures and the public keys that verify them, for keeping outside the database.</summary>
    public static async Task<ExportedCheckpoint?> ExportLatestAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var position = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Position).Select(c => (long?)c.Position).FirstOrDefaultAsync(ct);
        if (position is null)
            return null;
        var rows = await db.AuditCheckpoints.AsNoTracking().Where(c => c.Position == position).ToListAsync(ct);
        var ids = rows.Select(r => r.KeyId).ToList();
        var keys = await db.SigningKeys.AsNoTracking().Where(k => ids.Contains(k.Id)).ToDictionaryAsync(k => k.Id, k => k.PublicKey, ct);
        return new ExportedCheckpoint(position.Value, Convert.ToBase64String(rows[0].Hash), rows[0].At,
            rows.Select(r => new ExportedSignature(r.Algorithm.ToString(), r.KeyId, Convert.ToBase64String(keys.GetValueOrDefault(r.KeyId) ?? []), Convert.ToBase64String(r.Signature))).ToList());
    }

    /// <summary>Checks an exported checkpoint's own signatures with the public keys it names (which must be the platform's: compare them with the trust list).</summary>
    public static bool SignaturesVerify(ExportedCheckpoint kept)
    {
        if (kept.Signatures.Count == 0)
            return false;
        var message = AuditHash.CheckpointMessage(kept.Position, Convert.FromBase64String(kept.Hash), kept.At);
        return kept.Signatures.All(s => Enum.TryParse<SigningAlgorithm>(s.Algorithm, out var alg)
            && VerifySignature(alg, Convert.FromBase64String(s.PublicKey), message, Convert.FromBase64String(s.Signature)));
    }

    private static bool VerifySignature(SigningAlgorithm algorithm, byte[] publicKey, byte[] message, byte[] signature)
    {
        using var verifier = SignatureAlgorithms.CreateVerifier(algorithm, publicKey);
        return verifier.Verify(message, signature);
    }
}
