using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Signing;

/// <summary>What <c>keys certificates list</c> shows: never private material.</summary>
public sealed record ReportCertificateInfo(string Id, ReportCertificateRole Role, string Subject, string? IssuerId, bool IsActive,
    DateTime NotBefore, DateTime NotAfter, DateTime? RetiredAt, string Sha256);

/// <summary>
/// The PDF signature chain: a platform root and a report-signing certificate under it, both ECDSA P-256 (what Adobe
/// Acrobat, Foxit, WPS and NSS validate; SM2 stays in the QR). Created with <c>creditproof keys create</c> when missing,
/// rotated with <c>creditproof keys certificates rotate [--root]</c>. Private keys are encrypted at rest like the
/// signing keys' and re-wrapped by <c>keys rotate-kek</c>.
/// </summary>
public sealed class ReportCertificateStore(CreditProofDbContext db, MasterKey masterKey, PlatformOptions platform, ReportCertificateCache cache, TimeProvider time)
{
    public static readonly TimeSpan RootValidity = TimeSpan.FromDays(20 * 365);
    public static readonly TimeSpan SigningValidity = TimeSpan.FromDays(3 * 365);

    /// <summary>Creates the root and the signing certificate where there is no active one; returns what it created.</summary>
    public async Task<IReadOnlyList<ReportCertificateInfo>> EnsureAsync(string createdBy, CancellationToken ct = default)
    {
        var created = new List<ReportCertificate>();
        var root = await ActiveAsync(ReportCertificateRole.Root, ct);
        if (root is null)
        {
            root = NewRoot(createdBy);
            created.Add(root);
        }

        if (created.Count > 0 || await ActiveAsync(ReportCertificateRole.Signing, ct) is null)
        {
            await RetireAsync(ReportCertificateRole.Signing, ct);
            created.Add(NewSigning(root, createdBy));
        }

        if (created.Count == 0)
            return [];
        db.AddRange(created);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return created.Select(Info).ToList();
    }

    /// <summary>
    /// A new signing certificate under the active root (and, with <paramref name="newRoot"/>, a new root first); the
    /// previous ones are retired but stay listed, so files signed under them still verify.
    /// </summary>
    public async Task<IReadOnlyList<ReportCertificateInfo>> RotateAsync(bool newRoot, string createdBy, CancellationToken ct = default)
    {
        var created = new List<ReportCertificate>();
        var root = newRoot ? null : await ActiveAsync(ReportCertificateRole.Root, ct);
        if (root is null)
        {
            await RetireAsync(ReportCertificateRole.Root, ct);
            root = NewRoot(createdBy);
            created.Add(root);
        }

        await RetireAsync(ReportCertificateRole.Signing, ct);
        created.Add(NewSigning(root, createdBy));
        db.AddRange(created);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return created.Select(Info).ToList();
    }

    public async Task<IReadOnlyList<ReportCertificateInfo>> ListAsync(CancellationToken ct = default) =>
        (await db.Set<ReportCertificate>().AsNoTracking().ToListAsync(ct))
            .OrderBy(c => c.Role).ThenBy(c => c.CreatedAt).Select(Info).ToList();

    /// <summary>Every root certificate, active and retired, as PEM: what a relying party adds to its trust store.</summary>
    public async Task<string> RootsPemAsync(CancellationToken ct = default) =>
        ReportCertificateCache.Pem(await RootsAsync(db, ct));

    public static async Task<IReadOnlyList<ReportCertificate>> RootsAsync(CreditProofDbContext db, CancellationToken ct = default) =>
        (await db.Set<ReportCertificate>().AsNoTracking().Where(c => c.Role == ReportCertificateRole.Root).ToListAsync(ct))
            .OrderBy(c => c.CreatedAt).ToList();

    private Task<ReportCertificate?> ActiveAsync(ReportCertificateRole role, CancellationToken ct) =>
        db.Set<ReportCertificate>().Where(c => c.Role == role && c.IsActive).OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);

    private async Task RetireAsync(ReportCertificateRole role, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var old in await db.Set<ReportCertificate>().Where(c => c.Role == role && c.IsActive).ToListAsync(ct))
        {
            old.IsActive = false;
            old.RetiredAt = now;
        }
    }

    private ReportCertificate NewRoot(string createdBy)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = Name($"{platform.PlatformName} 报告签章根证书 (Report Signing Root)");
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var (notBefore, notAfter) = Validity(RootValidity);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return Entity(ReportCertificateRole.Root, certificate, key, issuerId: null, createdBy);
    }

    private ReportCertificate NewSigning(ReportCertificate root, string createdBy)
    {
        using var rootCertificate = ReportCertificateCache.WithKey(root, masterKey);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Name($"{platform.PlatformName} 专项信用报告签章 (Special Credit Report Signing)"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        // No extended key usage: NSS then accepts the certificate for document signatures, as Acrobat does.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(rootCertificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var (notBefore, notAfter) = Validity(SigningValidity);
        if (notAfter > rootCertificate.NotAfter.ToUniversalTime())
            notAfter = rootCertificate.NotAfter.ToUniversalTime();
        using var certificate = request.Create(rootCertificate, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return Entity(ReportCertificateRole.Signing, certificate, key, root.Id, createdBy);
    }

    private X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("CN");
        builder.AddOrganizationName(platform.PlatformName);
        builder.AddOrganizationalUnitName(platform.Issuer);
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(TimeSpan validity)
    {
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1); // a day back: clocks of relying parties differ
        return (start, start + validity);
    }

    private ReportCertificate Entity(ReportCertificateRole role, X509Certificate2 certificate, ECDsa key, string? issuerId, string createdBy)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var d = key.ExportParameters(includePrivateParameters: true).D!;
        try
        {
            return new ReportCertificate
            {
                Id = id,
                Role = role,
                Certificate = certificate.RawData,
                EncryptedPrivateKey = masterKey.Encrypt(d, CertificateKeyId(id)),
                IssuerId = issuerId,
                NotBefore = certificate.NotBefore.ToUniversalTime(),
                NotAfter = certificate.NotAfter.ToUniversalTime(),
                CreatedAt = time.GetUtcNow().UtcDateTime,
                IsActive = true,
                CreatedBy = createdBy,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <summary>The associated data the private key is encrypted under: distinct from any signing key id.</summary>
    internal static string CertificateKeyId(string id) => "report-certificate:" + id;

    private static ReportCertificateInfo Info(ReportCertificate c)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(c.Certificate);
        return new(c.Id, c.Role, certificate.Subject, c.IssuerId, c.IsActive, c.NotBefore, c.NotAfter, c.RetiredAt,
            Convert.ToHexStringLower(SHA256.HashData(c.Certificate)));
    }
}

/// <summary>The active signing certificate with its key and its root, decrypted once and re-read after a few seconds.</summary>
public sealed class ReportCertificateCache(MasterKey masterKey, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, ReportSigningChain> _chains = new(StringComparer.Ordinal);
    private (string Id, DateTimeOffset ReadAt)? _active;

    /// <summary>The active signing certificate and its root; throws <see cref="ReportCertificateMissingException"/> when there is none.</summary>
    public async Task<ReportSigningChain> GetActiveAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_active is { } a && now - a.ReadAt < Ttl && _chains.TryGetValue(a.Id, out var hit))
            return hit;
        var signing = await db.Set<ReportCertificate>().AsNoTracking()
            .Where(c => c.Role == ReportCertificateRole.Signing && c.IsActive)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct) ?? throw new ReportCertificateMissingException();
        var root = await db.Set<ReportCertificate>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == signing.IssuerId, ct)
            ?? throw new ReportCertificateMissingException();
        var chain = _chains.GetOrAdd(signing.Id, _ => new ReportSigningChain(signing.Id, WithKey(signing, masterKey), X509CertificateLoader.LoadCertificate(root.Certificate)));
        _active = (signing.Id, now);
        return chain;
    }

    public void Invalidate() => _active = null;

    internal static X509Certificate2 WithKey(ReportCertificate stored, MasterKey masterKey)
    {
        var d = masterKey.Decrypt(stored.EncryptedPrivateKey, ReportCertificateStore.CertificateKeyId(stored.Id));
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(stored.Certificate);
            using var publicKey = certificate.GetECDsaPublicKey() ?? throw new InvalidDataException($"Report certificate {stored.Id} has no ECDSA public key.");
            var parameters = publicKey.ExportParameters(includePrivateParameters: false);
            parameters.D = d;
            using var key = ECDsa.Create(parameters); // fails here when the stored key does not match the certificate
            return certificate.CopyWithPrivateKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    public static string Pem(IEnumerable<ReportCertificate> certificates) =>
        string.Concat(certificates.Select(c => PemEncoding.WriteString("CERTIFICATE", c.Certificate) + "\n"));

    public void Dispose()
    {
        foreach (var chain in _chains.Values)
            chain.Dispose();
    }
}

/// <summary>A signing certificate with its private key, and the root that issued it.</summary>
public sealed class ReportSigningChain(string id, X509Certificate2 signing, X509Certificate2 root) : IDisposable
{
    public string Id { get; } = id;

    public X509Certificate2 Signing { get; } = signing;

    public X509Certificate2 Root { get; } = root;

    public void Dispose()
    {
        Signing.Dispose();
        Root.Dispose();
    }
}

public sealed class ReportCertificateMissingException()
    : InvalidOperationException("No active report-signing certificate (报告签章证书): create the platform root and one with `creditproof keys create` (or `creditproof keys certificates rotate`).");
