using CreditProof.Reports;
using CreditProof.Signing;

namespace CreditProof.Verification;

/// <summary>
/// Verification with no platform at hand (<c>creditproof verify --trust-list</c>): the signature against a trust list,
/// the expiry, and — when a cached status list of the issuer is given — the status.
/// </summary>
public sealed class OfflineVerifier(TrustList trust, StatusListToken? statusList, TimeProvider time) : IDisposable
{
    private readonly ReportPayloadVerifier _verifier = new(trust);

    public VerificationOutcome Verify(string qrText)
    {
        var result = _verifier.Verify(qrText);
        if (result.Claims is not { } claims || result.Key is not { } key || !result.IsValid)
            return new VerificationOutcome(result.Verdict, result.Message, null, null, null, false, false);
        ReportStatus? status = null;
        string? reason = null;
        var outOfBounds = false;
        if (statusList is not null && claims.StatusIndex is { } index)
        {
            if (!string.Equals(statusList.Issuer, claims.Issuer, StringComparison.Ordinal))
                reason = $"The status list is {statusList.Issuer}'s; the report was issued by {claims.Issuer}.";
            else if ((status = statusList.List.StatusOf(index)) is null)
                (reason, outOfBounds) = (ReportVerifier.OutOfBounds, true);
        }

        var expired = time.GetUtcNow() >= claims.ExpiresAt;
        return new VerificationOutcome(result.Verdict, result.Message, ReportVerifier.Summary(claims, key), status, reason, expired, false) { StatusOutOfBounds = outOfBounds };
    }

    public void Dispose() => _verifier.Dispose();
}
