using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Signing;

/// <summary>What <c>keys list</c> shows: never private material.</summary>
public sealed record SigningKeyInfo(string Id, SigningAlgorithm Algorithm, bool IsActive, DateTime CreatedAt, DateTime? RetiredAt, string PublicKeyBase64, KeyCustody Custody = KeyCustody.Database);

/// <summary>Creates, lists, rotates and exports the platform's signing keys.</summary>
public sealed class SigningKeyStore(CreditProofDbContext db, SigningKeyRing ring, ReportCertificateStore certificates, TimeProvider time)
{
    /// <summary>
    /// Creates a key; it becomes active when the algorithm has no active key yet. The PDF signature's root and
    /// signing certificate are created with it when the platform has none (<see cref="ReportCertificateStore.EnsureAsync"/>).
    /// </summary>
    public async Task<SigningKeyInfo> CreateAsync(SigningAlgorithm algorithm, string createdBy, KeyCustody custody = KeyCustody.Database, CancellationToken ct = default) =>
        (await CreateWithCertificatesAsync(algorithm, createdBy, custody, ct)).Key;

    /// <summary><see cref="CreateAsync"/>, and which certificates were created with the key.</summary>
    public async Task<(SigningKeyInfo Key, IReadOnlyList<ReportCertificateInfo> Certificates)> CreateWithCertificatesAsync(SigningAlgorithm algorithm, string createdBy, KeyCustody custody = KeyCustody.Database, CancellationToken ct = default)
    {
        var hasActive = await db.Set<SigningKey>().AnyAsync(k => k.Algorithm == algorithm && k.IsActive, ct);
        var key = NewKey(algorithm, custody, createdBy, activate: !hasActive);
        db.Add(key);
        await db.SaveChangesAsync(ct);
        ring.InvalidateActive();
        return (Info(key), await certificates.EnsureAsync(createdBy, ct));
    }

    /// <summary>
    /// Creates a new active key and retires the previous one, whose public key stays for verification. Without
    /// <paramref name="custody"/> the new key lives where the active one does (a key in the HSM is rotated in the HSM).
    /// </summary>
    public async Task<SigningKeyInfo> RotateAsync(SigningAlgorithm algorithm, string createdBy, KeyCustody? custody = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var active = await db.Set<SigningKey>().Where(k => k.Algorithm == algorithm && k.IsActive).ToListAsync(ct);
        // Made first: a token that refuses leaves the active key as it was.
        var key = NewKey(algorithm, custody ?? active.Select(k => k.Custody).FirstOrDefault(), createdBy, activate: true);
        foreach (var old in active)
        {
            old.IsActive = false;
            old.RetiredAt = now;
        }

        db.Add(key);
        await db.SaveChangesAsync(ct);
        ring.InvalidateActive();
        return Info(key);
    }

    public async Task<IReadOnlyList<SigningKeyInfo>> ListAsync(CancellationToken ct = default) =>
        (await db.Set<SigningKey>().AsNoTracking().ToListAsync(ct))
            .OrderBy(k => k.Algorithm).ThenBy(k => k.CreatedAt)
            .Select(Info).ToList();

    /// <summary>The trust list: every public key, active and retired, for offline verification.</summary>
    public async Task<TrustList> ExportPublicAsync(CancellationToken ct = default)
    {
        var keys = await db.Set<SigningKey>().AsNoTracking().ToListAsync(ct);
        return new TrustList(keys.OrderBy(k => k.CreatedAt)
            .Select(k => new TrustedKey(k.Id, k.Algorithm, k.PublicKey, k.CreatedAt, k.RetiredAt))
            .ToList());
    }

    private SigningKey NewKey(SigningAlgorithm algorithm, KeyCustody custody, string createdBy, bool activate)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (custody == KeyCustody.Pkcs11)
        {
            if (algorithm != SigningAlgorithm.EcdsaP256)
                throw new ArgumentException("PKCS#11 custody is available for p256 keys only: the standard PKCS#11 mechanisms have no SM2 (docs/security.md).");
            return new SigningKey
            {
                Id = id,
                Algorithm = algorithm,
                PublicKey = ring.Token.GenerateP256(id),
                EncryptedPrivateKey = [],
                Custody = KeyCustody.Pkcs11,
                CreatedAt = time.GetUtcNow().UtcDateTime,
                IsActive = activate,
                CreatedBy = createdBy,
            };
        }

        var pair = SignatureAlgorithms.Generate(algorithm);
        try
        {
            return new SigningKey
            {
                Id = id,
                Algorithm = algorithm,
                PublicKey = pair.PublicKey,
                EncryptedPrivateKey = ring.MasterKey.Encrypt(pair.PrivateKey, id),
                CreatedAt = time.GetUtcNow().UtcDateTime,
                IsActive = activate,
                CreatedBy = createdBy,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pair.PrivateKey);
        }
    }

    private static SigningKeyInfo Info(SigningKey k) =>
        new(k.Id, k.Algorithm, k.IsActive, k.CreatedAt, k.RetiredAt, Convert.ToBase64String(k.PublicKey), k.Custody);
}

/// <summary>A root certificate of the PDF signature (DER), its SHA-256 (hex), when it was made and retired.</summary>
public sealed record ReportRoot(string Sha256, byte[] Certificate, DateTime Created, DateTime? Retired);

/// <summary>A public key the verifier trusts, with the platform (province) that holds its private half.</summary>
public sealed record TrustedKey(string Id, SigningAlgorithm Algorithm, byte[] PublicKey, DateTime CreatedAt, DateTime? RetiredAt, string? Issuer = null, string? Platform = null);

/// <summary>
/// Public keys a verifier trusts: this platform's, active and retired, and those of other provinces' platforms imported
/// by the operator. Published signed (<see cref="Verification.TrustListDocument"/>); <see cref="ToJson"/> is the unsigned body.
/// </summary>
public sealed class TrustList(IReadOnlyList<TrustedKey> keys)
{
    // A file for verifiers, not HTML: '+' and '/' of base64 stay as they are.
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Dictionary<string, TrustedKey> _byId = keys.GroupBy(k => k.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyList<TrustedKey> Keys => keys;

    /// <summary>The publishing platform's PDF signature roots (X.509, DER), for relying parties' trust stores.</summary>
    public IReadOnlyList<ReportRoot> ReportRoots { get; init; } = [];

    public TrustedKey? Find(ReadOnlySpan<byte> keyId) => Find(Convert.ToHexStringLower(keyId));

    public TrustedKey? Find(string keyId) => _byId.GetValueOrDefault(keyId);

    public string ToJson() => JsonSerializer.Serialize(Body("", "", default), Json);

    public static TrustList FromJson(string json) => FromBody(JsonSerializer.Deserialize<TrustListBody>(json, Json) ?? throw new InvalidDataException("The trust list is empty."));

    internal TrustListBody Body(string issuer, string platform, DateTime issuedAt) =>
        new(2, issuer, platform, issuedAt, keys.Select(k => new TrustListEntry(k.Id, k.Algorithm.Name(), k.Algorithm.CoseIdentifier(),
            Convert.ToBase64String(k.PublicKey), k.CreatedAt, k.RetiredAt, k.Issuer, k.Platform)).ToList(),
            ReportRoots.Count == 0 ? null : ReportRoots.Select(r => new ReportRootEntry(r.Sha256, Convert.ToBase64String(r.Certificate), r.Created, r.Retired)).ToList());

    internal static TrustList FromBody(TrustListBody body)
    {
        if (body.Version != 2)
            throw new InvalidDataException($"Trust list version {body.Version} is not supported (expected 2).");
        return new TrustList(body.Keys.Select(e => new TrustedKey(e.Kid, SigningAlgorithms.Parse(e.Alg),
            Convert.FromBase64String(e.PublicKey), e.Created, e.Retired, e.Issuer, e.Platform)).ToList())
        {
            ReportRoots = body.ReportRoots?.Select(r => new ReportRoot(r.Sha256, Convert.FromBase64String(r.Certificate), r.Created, r.Retired)).ToList() ?? [],
        };
    }

    internal sealed record TrustListBody(int Version, string Issuer, string Platform, DateTime IssuedAt, List<TrustListEntry> Keys, List<ReportRootEntry>? ReportRoots = null);

    internal sealed record ReportRootEntry(string Sha256, string Certificate, DateTime Created, DateTime? Retired);

    internal sealed record TrustListEntry(
        string Kid,
        string Alg,
        int CoseAlg,
        [property: JsonPropertyName("publicKey")] string PublicKey,
        DateTime Created,
        DateTime? Retired,
        string? Issuer,
        string? Platform);
}
