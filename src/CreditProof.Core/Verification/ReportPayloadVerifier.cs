using System.Collections.Concurrent;
using CreditProof.Signing;

namespace CreditProof.Verification;

public enum PayloadVerdict
{
    /// <summary>Signature valid with a trusted key; the URL's number matches the payload.</summary>
    Valid = 1,
    Malformed = 2,
    UnknownKey = 3,
    UnsupportedAlgorithm = 4,
    BadSignature = 5,
    /// <summary>The visible URL names another report than the signed payload (a swapped link).</summary>
    NumberMismatch = 6,
    /// <summary>Paper path: no report with this number and code (the two cases are not told apart).</summary>
    NotFound = 7,
}

public sealed record PayloadVerification(PayloadVerdict Verdict, string Message, ReportClaims? Claims, TrustedKey? Key)
{
    public bool IsValid => Verdict == PayloadVerdict.Valid;

    /// <summary>Whether the payload's <c>exp</c> has passed; status (superseded, revoked…) needs the platform.</summary>
    public bool IsExpired(DateTimeOffset now) => Claims is not null && now >= Claims.ExpiresAt;
}

/// <summary>
/// Verifies QR payloads offline with the platform's public keys (a <see cref="TrustList"/>) alone. Thread-safe; keeps
/// one verifier per key and thread.
/// </summary>
public sealed class ReportPayloadVerifier(TrustList trustList, string? ownIssuer = null, string? ownBaseUrl = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, ThreadLocal<IMessageVerifier>> _verifiers = new(StringComparer.Ordinal);

    public PayloadVerification Verify(string qrText)
    {
        DecodedPayload decoded;
        try
        {
            decoded = QrPayload.Decode(qrText);
        }
        catch (QrPayloadException e)
        {
            return new PayloadVerification(PayloadVerdict.Malformed, e.Message, null, null);
        }

        var key = trustList.Find(decoded.KeyId);
        if (key is null)
            return new PayloadVerification(PayloadVerdict.UnknownKey, $"Key {Convert.ToHexStringLower(decoded.KeyId)} is not in the trust list.", decoded.Claims, null);
        var algorithm = SigningAlgorithms.FromCoseIdentifier(decoded.Algorithm);
        if (algorithm is null || algorithm != key.Algorithm)
            return new PayloadVerification(PayloadVerdict.UnsupportedAlgorithm, $"Algorithm {decoded.Algorithm} does not match key {key.Id} ({key.Algorithm.Name()}).", decoded.Claims, key);

        var verifier = _verifiers.GetOrAdd(key.Id, _ => new ThreadLocal<IMessageVerifier>(() => SignatureAlgorithms.CreateVerifier(key.Algorithm, key.PublicKey), trackAllValues: true));
        var message = QrPayload.SigStructure(decoded.ProtectedHeader, decoded.Payload);
        if (!verifier.Value!.Verify(message, decoded.Signature))
            return new PayloadVerification(PayloadVerdict.BadSignature, "The signature does not match the payload.", decoded.Claims, key);
        if (decoded.UrlNumber is not null && !string.Equals(decoded.UrlNumber, decoded.Claims.Number, StringComparison.Ordinal))
            return new PayloadVerification(PayloadVerdict.NumberMismatch, $"The link names report {decoded.UrlNumber}, the signed payload {decoded.Claims.Number}.", decoded.Claims, key);
        // The address is not signed; for this platform's own reports it must be this platform's (a lookalike host with a
        // genuine payload is refused, not shown as valid). Other platforms' addresses cannot be known here.
        if (decoded.UrlBase is { } urlBase && ownBaseUrl is not null && string.Equals(decoded.Claims.Issuer, ownIssuer, StringComparison.Ordinal)
            && !SameBase(urlBase, ownBaseUrl))
            return new PayloadVerification(PayloadVerdict.NumberMismatch, $"The link points to {urlBase}, not to this platform ({ownBaseUrl.TrimEnd('/')}), which issued the report.", decoded.Claims, key);
        return new PayloadVerification(PayloadVerdict.Valid, "Signature valid.", decoded.Claims, key);
    }

    private static bool SameBase(string urlBase, string ownBaseUrl) =>
        Uri.TryCreate(urlBase, UriKind.Absolute, out var a) && Uri.TryCreate(ownBaseUrl.TrimEnd('/'), UriKind.Absolute, out var b)
        && Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public void Dispose()
    {
        foreach (var local in _verifiers.Values)
        {
            foreach (var v in local.Values)
                v.Dispose();
            local.Dispose();
        }
    }
}
