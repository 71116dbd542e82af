using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditProof.Reports;
using CreditProof.Signing;

namespace CreditProof.Verification;

/// <summary>
/// The report's machine-readable twin: its canonical content (the exact bytes whose SHA-256 the report, its QR claim 8
/// and its SM2 seal already carry) as a JWS in compact serialisation (RFC 7515), signed ES256 by the same
/// report-signing certificate as the PDF's PAdES signature, with the chain in <c>x5c</c>. Any JOSE library verifies it;
/// a relying party trusts it through the same platform root as the PDF (<c>/.well-known/creditproof/report-roots.pem</c>).
/// Signed when asked for: the content never changes, only the certificate may have been rotated since.
/// docs/report-twin.md gives the schema and a test vector.
/// </summary>
public static class ReportTwin
{
    public const string MediaType = "application/jose";
    public const string Type = "creditproof-report+jws";
    public const string ContentType = "application/vnd.creditproof.report+json";

    private static readonly JsonSerializerOptions HeaderJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Signs <paramref name="canonicalContent"/> (as stored with the report) with the active report-signing certificate.</summary>
    public static string Sign(byte[] canonicalContent, ReportSigningChain chain) => SignCompact(canonicalContent, chain, Type, ContentType);

    /// <summary>
    /// Any platform document signed the way the twin is (compact JWS, ES256, the report-signing certificate and its root in
    /// <c>x5c</c>), told apart by <paramref name="type"/> and <paramref name="contentType"/>: the twin, a group's bundle manifest.
    /// </summary>
    public static string SignCompact(byte[] payload, ReportSigningChain chain, string type, string contentType)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header("ES256", type, contentType,
            [Convert.ToBase64String(chain.Signing.RawData), Convert.ToBase64String(chain.Root.RawData)]), HeaderJson);
        var input = Base64Url(header) + "." + Base64Url(payload);
        using var key = chain.Signing.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"Report certificate {chain.Id} has no private key.");
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64Url(signature);
    }

    /// <summary>
    /// Verifies a twin against the platform roots a relying party trusts: the header, the chain (at the report's issue
    /// time), the ES256 signature. Returns the content and its bytes; throws <see cref="InvalidDataException"/> saying why not.
    /// </summary>
    public static (ReportContent Content, byte[] ContentBytes) Verify(string jws, IReadOnlyCollection<X509Certificate2> trustedRoots)
    {
        var parts = jws.Trim().Split('.');
        if (parts.Length != 3)
            throw new InvalidDataException("A report twin is a compact JWS: three base64url parts separated by '.'.");
        Header header;
        byte[] content, signature;
        try
        {
            header = JsonSerializer.Deserialize<Header>(FromBase64Url(parts[0]), HeaderJson) ?? throw new InvalidDataException("The twin's header is empty.");
            content = FromBase64Url(parts[1]);
            signature = FromBase64Url(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new InvalidDataException($"The twin is malformed: {e.Message}");
        }

        if (header.Alg != "ES256" || header.Typ != Type)
            throw new InvalidDataException($"The twin's header says alg {header.Alg}, typ {header.Typ}; expected ES256, {Type}.");
        if (header.X5c is not { Count: > 0 })
            throw new InvalidDataException("The twin carries no certificate (x5c).");
        using var signing = Certificate(header.X5c, 0);
        using (var key = signing.GetECDsaPublicKey() ?? throw new InvalidDataException("The twin's certificate has no ECDSA key."))
        {
            if (!key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                throw new InvalidDataException("The twin's signature is not valid: it was changed after signing.");
        }

        ReportContent report;
        try
        {
            report = ReportContent.FromCanonicalJson(content);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The twin's content is not a report: {e.Message}");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The certificate had to be valid when the report was issued; it may have expired or been rotated since.
        chain.ChainPolicy.VerificationTime = DateTime.SpecifyKind(report.IssuedAt, DateTimeKind.Utc);
        var extras = Enumerable.Range(1, header.X5c.Count - 1).Select(i => Certificate(header.X5c, i)).ToArray();
        try
        {
            chain.ChainPolicy.ExtraStore.AddRange(extras);
            if (!chain.Build(signing))
                throw new InvalidDataException("The twin's certificate does not chain to a trusted platform root: " +
                    string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
            return (report, content);
        }
        finally
        {
            foreach (var extra in extras)
                extra.Dispose();
        }
    }

    /// <summary>A certificate of <c>x5c</c>; one that is not base64 DER is a clear error, not an unhandled exception.</summary>
    private static X509Certificate2 Certificate(IReadOnlyList<string> x5c, int index)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(x5c[index]));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new InvalidDataException($"The twin's certificate x5c[{index}] cannot be read: {e.Message}");
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private sealed record Header(
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("typ")] string Typ,
        [property: JsonPropertyName("cty")] string? Cty,
        [property: JsonPropertyName("x5c")] IReadOnlyList<string>? X5c);
}
