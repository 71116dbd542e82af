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
            // A long name (or records in many domains) would not fit: shorten the name in the QR only, to 8 characters
            // and "…" at the least; the full name stays in the PDF and under the content digest. Every step is shorter,
            // so this ends (issue 19: a name of 9 characters once looped here for ever, signing each time).
            if (name.Length > 9)
            {
                name = string.Concat(name.AsSpan(0, Math.Max(8, name.Length - 6)), "…");
                continue;
            }

            // Still too long: records in very many domains. A denser code rather than no report: the PDF prints it at
            // the same size, so its modules are smaller (phones still read version 20 from a laser print).
            if (version <= QrCapacity.MaxDenseVersion)
                return text;
            throw new InvalidOperationException($"The QR payload for report {content.Number} needs QR version {version} (> {QrCapacity.MaxDenseVersion}); shorten PublicBaseUrl.");
        }
    }
}
