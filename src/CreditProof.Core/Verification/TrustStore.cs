using System.Text;
using System.Text.Json;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CreditProof.Verification;

/// <summary>A public key of another province's CreditProof platform, imported by the operator from its signed trust list (跨省互认).</summary>
public sealed class ImportedKey
{
    public required string Id { get; init; }

    public SigningAlgorithm Algorithm { get; init; }

    public required byte[] PublicKey { get; init; }

    /// <summary>The other platform's issuer code (e.g. CN-11), as in its reports' <c>iss</c>.</summary>
    public required string Issuer { get; init; }

    public required string Platform { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RetiredAt { get; set; }

    public DateTime ImportedAt { get; set; }

    public required string ImportedBy { get; set; }
}

internal sealed class ImportedKeyConfiguration : IEntityTypeConfiguration<ImportedKey>
{
    public void Configure(EntityTypeBuilder<ImportedKey> b)
    {
        b.ToTable("imported_keys");
        b.Property(k => k.Id).HasMaxLength(16);
        b.Property(k => k.PublicKey).HasMaxLength(65);
        b.Property(k => k.Issuer).HasMaxLength(16);
        b.Property(k => k.Platform).HasMaxLength(100);
        b.Property(k => k.ImportedBy).HasMaxLength(200);
        b.HasIndex(k => k.Issuer);
    }
}

/// <summary>
/// The signed trust list: <c>{"trustList": {…body…}, "signature": {"kid", "alg", "value"}}</c>. The signature covers
/// <c>"CreditProof trust list v2\0"</c> followed by the exact UTF-8 bytes of the <c>trustList</c> value as published, so a
/// verifier needs no JSON canonicalisation. The signing key must be one of the publishing platform's own keys in the list.
/// </summary>
public static class TrustListDocument
{
    private static readonly byte[] Context = "CreditProof trust list v2\0"u8.ToArray();

    public static string Sign(TrustList list, string issuer, string platform, DateTime issuedAt, LoadedKey key)
    {
        var body = JsonSerializer.Serialize(list.Body(issuer, platform, issuedAt), TrustList.Json);
        var signature = key.Sign([.. Context, .. Encoding.UTF8.GetBytes(body)]);
        // The body goes in byte for byte as signed; re-indenting it would break the signature.
        return $$"""
            {
              "trustList": {{body}},
              "signature": {
                "kid": "{{key.Id}}",
                "alg": "{{key.Algorithm.Name()}}",
                "value": "{{Convert.ToBase64String(signature)}}"
              }
            }
            """ + "\n";
    }

    /// <summary>Verifies a signed trust list and returns its keys; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static (TrustList List, string Issuer, string Platform, DateTime IssuedAt, string SignedBy) Verify(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("trustList", out var bodyElement) || !document.RootElement.TryGetProperty("signature", out var sig))
                throw new InvalidDataException("A trust list must have 'trustList' and 'signature' (export it with `creditproof trust export` or download /.well-known/creditproof/trust-list.json).");
            var raw = bodyElement.GetRawText();
            var body = JsonSerializer.Deserialize<TrustList.TrustListBody>(raw, TrustList.Json) ?? throw new InvalidDataException("The trust list body is empty.");
            var list = TrustList.FromBody(body);
            var kid = sig.GetProperty("kid").GetString() ?? "";
            var key = list.Find(kid) ?? throw new InvalidDataException($"The trust list is signed with key {kid}, which it does not list.");
            if (!string.Equals(key.Issuer, body.Issuer, StringComparison.Ordinal))
                throw new InvalidDataException($"The trust list of {body.Issuer} is signed with key {kid} of {key.Issuer ?? "no issuer"}; only the publishing platform's own key may sign it.");
            var value = Convert.FromBase64String(sig.GetProperty("value").GetString() ?? "");
            using var verifier = SignatureAlgorithms.CreateVerifier(key.Algorithm, key.PublicKey);
            if (!verifier.Verify([.. Context, .. Encoding.UTF8.GetBytes(raw)], value))
                throw new InvalidDataException("The trust list's signature is not valid: it was changed after signing.");
            return (list, body.Issuer, body.Platform, body.IssuedAt, kid);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"The trust list is malformed: {e.Message}");
        }
    }
}

/// <summary>
/// The keys this platform trusts (its own, active and retired, plus imported ones), cached for a short while so that
/// verification does not touch the database; <see cref="Version"/> changes whenever the list does.
/// </summary>
public sealed class TrustStore(IOptions<ReportOptions> options, PlatformOptions platform, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly ReportOptions _options = options.Value;
    private (TrustList List, DateTimeOffset ReadAt)? _cache;
    private int _version;

    public int Version => Volatile.Read(ref _version);

    public string Issuer => platform.Issuer;

    public string Platform => platform.PlatformName;

    /// <summary>The cached list, or null when it must be (re)loaded with <see cref="GetAsync"/>.</summary>
    public TrustList? Cached => _cache is { } c && time.GetUtcNow() - c.ReadAt < Ttl ? c.List : null;

    public async Task<TrustList> GetAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        if (Cached is { } cached)
            return cached;
        var own = await db.SigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct);
        var imported = await db.ImportedKeys.AsNoTracking().OrderBy(k => k.Issuer).ThenBy(k => k.CreatedAt).ToListAsync(ct);
        var list = new TrustList(
            [
                .. own.Select(k => new TrustedKey(k.Id, k.Algorithm, k.PublicKey, k.CreatedAt, k.RetiredAt, platform.Issuer, platform.PlatformName)),
                .. imported.Select(k => new TrustedKey(k.Id, k.Algorithm, k.PublicKey, k.CreatedAt, k.RetiredAt, k.Issuer, k.Platform)),
            ]);
        var previous = _cache?.List;
        _cache = (list, time.GetUtcNow());
        if (previous is null || !SameKeys(previous, list))
            Interlocked.Increment(ref _version);
        return list;
    }

    public void Invalidate() => _cache = null;

    /// <summary>The signed trust list as published at <c>/.well-known/creditproof/trust-list.json</c>.</summary>
    public async Task<string> PublishAsync(CreditProofDbContext db, SigningKeyRing ring, CancellationToken ct = default)
    {
        var list = await GetAsync(db, ct);
        var key = await ring.GetActiveAsync(db, _options.SigningAlgorithm, ct);
        // The PDF signature's roots travel in the signed list, so a relying party needs nothing else to trust them.
        var roots = (await ReportCertificateStore.RootsAsync(db, ct))
            .Select(r => new ReportRoot(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(r.Certificate)), r.Certificate, r.CreatedAt, r.RetiredAt)).ToList();
        return TrustListDocument.Sign(new TrustList(list.Keys) { ReportRoots = roots }, platform.Issuer, platform.PlatformName, time.GetUtcNow().UtcDateTime, key);
    }

    /// <summary>
    /// Imports another platform's own keys from its signed trust list. Keys it lists for third parties are not taken
    /// over (trust is not transitive); a list claiming this platform's issuer code is refused.
    /// </summary>
    public async Task<IReadOnlyList<ImportedKey>> ImportAsync(CreditProofDbContext db, string signedJson, string importedBy, CancellationToken ct = default)
    {
        var (list, issuer, otherPlatform, _, _) = TrustListDocument.Verify(signedJson);
        if (string.Equals(issuer, platform.Issuer, StringComparison.Ordinal))
            throw new InvalidDataException($"The trust list is issued by {issuer}, this platform's own code; import lists of other platforms only.");
        var own = await db.SigningKeys.Select(k => k.Id).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var result = new List<ImportedKey>();
        foreach (var key in list.Keys.Where(k => string.Equals(k.Issuer, issuer, StringComparison.Ordinal)))
        {
            if (own.Contains(key.Id))
                throw new InvalidDataException($"Key {key.Id} of {issuer} has the id of one of this platform's keys; refusing the import.");
            var existing = await db.ImportedKeys.SingleOrDefaultAsync(k => k.Id == key.Id, ct);
            if (existing is not null)
            {
                if (!string.Equals(existing.Issuer, issuer, StringComparison.Ordinal) || !existing.PublicKey.AsSpan().SequenceEqual(key.PublicKey))
                    throw new InvalidDataException($"Key {key.Id} is already trusted for {existing.Issuer} with another public key; remove it first.");
                existing.RetiredAt = key.RetiredAt;
                existing.ImportedAt = now;
                existing.ImportedBy = importedBy;
                result.Add(existing);
                continue;
            }

            var imported = new ImportedKey
            {
                Id = key.Id, Algorithm = key.Algorithm, PublicKey = key.PublicKey, Issuer = issuer, Platform = otherPlatform,
                CreatedAt = key.CreatedAt, RetiredAt = key.RetiredAt, ImportedAt = now, ImportedBy = importedBy,
            };
            db.ImportedKeys.Add(imported);
            result.Add(imported);
        }

        if (result.Count == 0)
            throw new InvalidDataException($"The trust list of {issuer} lists none of its own keys.");
        await db.SaveChangesAsync(ct);
        Invalidate();
        return result;
    }

    /// <summary>Stops trusting every imported key of another platform, and drops its imported status list.</summary>
    public async Task<int> RemoveAsync(CreditProofDbContext db, string issuer, CancellationToken ct = default)
    {
        await db.ForeignStatusLists.Where(l => l.Issuer == issuer).ExecuteDeleteAsync(ct);
        var removed = await db.ImportedKeys.Where(k => k.Issuer == issuer).ExecuteDeleteAsync(ct);
        Invalidate();
        return removed;
    }

    private static bool SameKeys(TrustList a, TrustList b) =>
        a.Keys.Count == b.Keys.Count && a.Keys.Zip(b.Keys).All(p => p.First.Id == p.Second.Id && p.First.RetiredAt == p.Second.RetiredAt);
}
