using System.Globalization;
using System.Security.Cryptography;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Reports;

/// <summary>What the requester gets back: the numbers to hand on, the QR text and the PDF.</summary>
public sealed record IssuedReportResult(string ReportNumber, string VerificationCode, string QrText, int QrVersion, string PdfSha256, byte[] Pdf, ReportContent Content);

/// <summary>
/// Issues special credit reports (专项信用报告): validates the request, reads the records in one query, applies the
/// content rules, renders the PDF, signs, builds the QR code and stores the immutable result.
/// </summary>
public sealed class ReportIssuer(
    CreditProofDbContext db,
    IOptions<ReportOptions> options,
    ReportPdfRenderer renderer,
    ReportTemplateStore templates,
    SigningKeyRing keys,
    DomainDirectory domains,
    StatusIndexAllocator statusIndexes,
    CodeHasher codes,
    TimeProvider time)
{
    /// <summary>QR version 15 at error correction M is the largest a phone reads comfortably from paper.</summary>
    public const int MaxQrVersion = 15;

    private readonly ReportOptions _options = options.Value;

    public async Task<IssuedReportResult> IssueAsync(ReportRequest request, CancellationToken ct = default)
    {
        var code = (request.SubjectCode ?? "").Trim().ToUpperInvariant();
        var subject = await db.Subjects.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, ct)
            ?? throw new ReportRequestException("subject", $"未找到信用主体“{Printable(code)}”", $"no credit subject with code '{Printable(code)}'");
        // Seed: a subject found to have made a false commitment may no longer use the report in place of certificates.
        if (await Commitments.CommitmentService.CheckEligibilityAsync(db, subject.Id, ct) is { } refusal)
            throw new ReportRequestException("subject", refusal.MessageZh, refusal.MessageEn);

        var today = _options.Today(time);
        var allDomains = await domains.AllAsync(db, ct);
        var chosen = ReportRequestRules.Domains(request.Domains, allDomains, today);
        var (from, to) = ReportRequestRules.Period(request.From, request.To, today, _options);
        var activeCount = allDomains.Count(d => d.IsCovered && d.EffectiveFrom <= today);
        var validated = new ValidatedRequest(subject.Code, chosen, chosen.Count == activeCount, from, to, ReportPurposes.Describe(request.Purpose), request.RequestedBy);

        var template = await templates.CurrentAsync(db, ct);
        var key = await keys.GetActiveAsync(db, _options.SigningAlgorithm, ct);

        var now = time.GetUtcNow();
        var issuedAt = TruncateToSeconds(now);
        var conclusions = await ReportContentQuery.ConclusionsAsync(db, subject, validated, ct);
        var commitments = await ReportContentQuery.CommitmentsAsync(db, subject, ct);

        var number = ReportNumbers.NewNumber();
        var verificationCode = ReportNumbers.NewVerificationCode();
        var content = new ReportContent
        {
            Number = number,
            TemplateVersion = template.Version,
            // DATA-STANDARD: a natural person's ID number is never shown in full.
            Subject = new ReportSubject(subject.Name, subject.DisplayCode, subject.Type.NameZh(), subject.IsNaturalPerson),
            From = from,
            To = to,
            Purpose = validated.Purpose,
            IssuedAt = issuedAt.UtcDateTime,
            ExpiresAt = issuedAt.AddDays(_options.ValidityDays).UtcDateTime,
            DataAsOf = issuedAt.UtcDateTime,
            AllDomains = validated.AllDomains,
            DomainsNotChosen = activeCount - chosen.Count,
            Domains = conclusions,
            Commitments = commitments,
        };
        var canonical = content.ToCanonicalJson();
        var contentDigest = ReportContent.Digest(canonical);

        var statusIndex = await statusIndexes.NextAsync(db, ct);
        var qrText = SignedQr(content, contentDigest, key, statusIndex);
        // Encoding the QR matrix takes well under a millisecond: inline, no thread hop.
        var qrModules = Task.FromResult(ReportPdfRenderer.QrMatrix(qrText).Modules);

        var pdf = renderer.Render(content, template, new ReportPdfExtras(
            ReportNumbers.FormatCode(verificationCode), qrModules, VerificationUrl(number),
            key.Algorithm switch { SigningAlgorithm.Sm2 => "SM2/SM3", SigningAlgorithm.EcdsaP256 => "ECDSA P-256/SHA-256" },
            key.Id, Convert.ToHexStringLower(contentDigest)));
        var pdfHash = SHA256.HashData(pdf);
        var underObjection = conclusions.Any(d => d.Records.Any(r => r.UnderObjection));
        var signature = key.Sign(ReportSignature.Message(contentDigest, pdfHash));

        db.Add(new IssuedReport
        {
            Id = Guid.CreateVersion7(now),
            Number = number,
            VerificationCodeHash = codes.HashHex(verificationCode),
            SubjectId = subject.Id,
            SubjectDisplayCode = subject.DisplayCode,
            SubjectName = subject.Name,
            PeriodFrom = from,
            PeriodTo = to,
            DomainIds = string.Join(',', chosen.Select(d => d.Id.ToString(CultureInfo.InvariantCulture))),
            RecordCount = content.RecordCount,
            Purpose = validated.Purpose,
            TemplateVersion = template.Version,
            Content = canonical,
            ContentSha256 = Convert.ToHexStringLower(contentDigest),
            Pdf = pdf,
            PdfSha256 = Convert.ToHexStringLower(pdfHash),
            Algorithm = key.Algorithm,
            KeyId = key.Id,
            Signature = signature,
            QrText = qrText,
            IssuedAt = content.IssuedAt,
            ExpiresAt = content.ExpiresAt,
            DataAsOf = content.DataAsOf,
            RequestedBy = request.RequestedBy,
            StatusIndex = statusIndex,
            // Issue 7: a report showing a record whose objection is open is suspended until the objection closes.
            Status = underObjection ? ReportStatus.Suspended : ReportStatus.Valid,
            StatusChangedAt = underObjection ? content.IssuedAt : null,
            StatusReason = underObjection ? "报告中有记录异议处理中 / a record in the report is under objection" : null,
        });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        return new IssuedReportResult(ReportNumbers.FormatNumber(number), ReportNumbers.FormatCode(verificationCode), qrText, QrCapacity.Version(qrText.Length),
            Convert.ToHexStringLower(pdfHash), pdf, content);
    }

    /// <summary>The stored PDF bytes, unchanged since issue; null when no such report exists.</summary>
    public async Task<byte[]?> GetPdfAsync(string number, CancellationToken ct = default)
    {
        var parsed = ReportNumbers.ParseNumber(number);
        if (parsed is null)
            return null;
        return await db.Set<IssuedReport>().AsNoTracking().Where(r => r.Number == parsed).Select(r => r.Pdf).FirstOrDefaultAsync(ct);
    }

    public string VerificationUrl(string number) => $"{_options.PublicBaseUrl.TrimEnd('/')}/v/{number}";

    private string SignedQr(ReportContent content, byte[] digest, LoadedKey key, int statusIndex)
    {
        var name = content.Subject.Name;
        while (true)
        {
            var claims = new ReportClaims
            {
                Issuer = _options.Issuer,
                IssuedAt = new DateTimeOffset(content.IssuedAt, TimeSpan.Zero),
                ExpiresAt = new DateTimeOffset(content.ExpiresAt, TimeSpan.Zero),
                Number = content.Number,
                SubjectCode = content.Subject.DisplayCode,
                SubjectName = name,
                From = content.From,
                To = content.To,
                DomainIds = content.Domains.Select(d => d.DomainId).ToList(),
                RecordCounts = content.Domains.Where(d => !d.Clean).ToDictionary(d => d.DomainId, d => d.Records.Count),
                ContentDigest = digest,
                DataAsOf = new DateTimeOffset(content.DataAsOf, TimeSpan.Zero),
                StatusIndex = statusIndex,
                TemplateVersion = content.TemplateVersion,
            };
            var text = QrPayload.ToText(_options.PublicBaseUrl, content.Number, QrPayload.Sign(claims, key));
            var version = QrCapacity.Version(text.Length);
            if (version <= MaxQrVersion)
                return text;
            // A very long name (or very many domains with records) would not fit: shorten the name in the QR only;
            // the full name stays in the PDF and under the content digest.
            if (name.Length <= 8)
                throw new InvalidOperationException($"The QR payload for report {content.Number} needs QR version {version} (> {MaxQrVersion}); shorten PublicBaseUrl.");
            name = string.Concat(name.AsSpan(0, Math.Max(8, name.Length - 6)), "…");
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    private static string Printable(string code) => code.Length == ResidentId.Length ? ResidentId.MaskAll(code) : code;
}

/// <summary>The domains, cached for a few seconds (they change when an operator adds one, rarely).</summary>
public sealed class DomainDirectory(TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private (IReadOnlyList<CreditDomain> Domains, DateTimeOffset ReadAt)? _cache;

    public async Task<IReadOnlyList<CreditDomain>> AllAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var cache = _cache;
        var now = time.GetUtcNow();
        if (cache is not null && now - cache.Value.ReadAt < Ttl)
            return cache.Value.Domains;
        var all = await db.Domains.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        _cache = (all, now);
        return all;
    }
}

/// <summary>QR capacity in byte mode at error correction M (ISO/IEC 18004 table 7), for ASCII text.</summary>
public static class QrCapacity
{
    private static readonly int[] BytesAtM =
    [
        14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
        711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
    ];

    /// <summary>The smallest version that holds <paramref name="length"/> bytes at level M (41 when none does).</summary>
    public static int Version(int length)
    {
        for (var v = 0; v < BytesAtM.Length; v++)
        {
            if (length <= BytesAtM[v])
                return v + 1;
        }

        return BytesAtM.Length + 1;
    }
}
