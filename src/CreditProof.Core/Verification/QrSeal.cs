using CreditProof.Platform;
using CreditProof.Rendering;
using CreditProof.Reports;
using CreditProof.Signing;

namespace CreditProof.Verification;

/// <summary>
/// The seal a report carries as its QR code: the report's claims as a COSE_Sign1 CWT (<see cref="QrPayload"/>) behind
/// the verification URL, so a phone opens the page and an offline verifier checks the signature (docs/qr-format.md).
/// </summary>
public sealed class QrSeal(PlatformOptions platform) : IReportSeal
{
    public string VerificationUrl(string number) => $"{platform.PublicBaseUrl.TrimEnd('/')}/v/{number}";

    public string Seal(ReportContent content, byte[] contentDigest, LoadedKey key, int statusIndex)
    {
        var name = content.Subject.Name;
        while (true)
        {
            var claims = new ReportClaims
            {
                Issuer = platform.Issuer,
                IssuedAt = new DateTimeOffset(content.IssuedAt, TimeSpan.Zero),
                ExpiresAt = new DateTimeOffset(content.ExpiresAt, TimeSpan.Zero),
                Number = content.Number,
                SubjectCode = content.Subject.DisplayCode,
                SubjectName = name,
                From = content.From,
                To = content.To,
                DomainIds = content.Domains.Select(d => d.DomainId).ToList(),
                RecordCounts = content.Domains.Where(d => !d.Clean).ToDictionary(d => d.DomainId, d => d.Records.Count),
                ContentDigest = contentDigest,
                DataAsOf = new DateTimeOffset(content.DataAsOf, TimeSpan.Zero),
                StatusIndex = statusIndex,
                TemplateVersion = content.TemplateVersion,
                IncompleteDomainIds = content.Domains.Where(d => d.Incomplete).Select(d => d.DomainId).ToList(),
            };
            var text = QrPayload.ToText(platform.PublicBaseUrl, content.Number, QrPayload.Sign(claims, key));
            var version = QrCapacity.Version(text.Length);
            if (version <= QrCapacity.MaxPrintedVersion)
                return text;
            // A very long name (or very many domains with records) would not fit: shorten the name in the QR only;
            // the full name stays in the PDF and under the content digest.
            if (name.Length <= 8)
                throw new InvalidOperationException($"The QR payload for report {content.Number} needs QR version {version} (> {QrCapacity.MaxPrintedVersion}); shorten PublicBaseUrl.");
            name = string.Concat(name.AsSpan(0, Math.Max(8, name.Length - 6)), "…");
        }
    }
}
