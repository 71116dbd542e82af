using CreditProof.Signing;

namespace CreditProof.Reports;

/// <summary>
/// The machine-readable seal printed on a report as its QR code: a signed summary a verifier checks offline. Its format
/// belongs to Verification, which reads it; issuance only asks for one, so Reports need not know the format.
/// </summary>
public interface IReportSeal
{
    /// <summary>The seal's text (the QR content) for the report's content, signed with <paramref name="key"/>.</summary>
    string Seal(ReportContent content, byte[] contentDigest, LoadedKey key, int statusIndex);

    /// <summary>The address that opens the report's verification page.</summary>
    string VerificationUrl(string number);
}
