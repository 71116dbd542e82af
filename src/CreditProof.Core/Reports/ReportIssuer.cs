using System.Globalization;
using System.Security.Cryptography;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Rendering;
using CreditProof.Reports.Lifecycle;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
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
    IOptions<ReportOptions> options, PlatformOptions platform,
    ReportPdfRenderer renderer,
    ReportTemplateStore templates,
    SigningKeyRing keys,
    ReportCertificateCache certificates,
    DomainDirectory domains,
    Ingest.DataCompleteness completeness,
    RegionNames regions,
    StatusIndexAllocator statusIndexes,
    IReportSeal seal,
    SubjectDirectory subjects,
    CodeHasher codes,
    PdfStore pdfs,
    PlatformClock clock,
    ILogger<ReportIssuer>? logger = null)
{
    private readonly ReportOptions _options = options.Value;

    public async Task<IssuedReportResult> IssueAsync(ReportRequest request, CancellationToken ct = default)
    {
        // The register's rules (docs/reports.md): an invalid code, one outside the province, an unknown one or a deregistered subject is refused.
        var (subject, notFound) = await subjects.ForReportAsync((request.SubjectCode ?? "").Trim().ToUpperInvariant(), ct);
        if (subject is null)
            throw new ReportRequestException("subject", notFound!.MessageZh, notFound.MessageEn);
        // Seed: a subject found to have made a false commitment may no longer use the report in place of certificates.
        if (await Commitments.CommitmentService.CheckEligibilityAsync(db, subject.Id, ct) is { } refusal)
            throw new ReportRequestException("subject", refusal.MessageZh, refusal.MessageEn);

        var today = clock.Today;
        var allDomains = await domains.AllAsync(db, ct);
        var chosen = ReportRequestRules.Domains(request.Domains, allDomains, today);
        var period = ReportRequestRules.Period(request.From, request.To, today, _options, platform.CollectionStart, request.Years);
        var (from, to) = period;
        var activeCount = allDomains.Count(d => d.IsAvailableOn(today));
        var validated = new ValidatedRequest(subject.Code, chosen, chosen.Count == activeCount, from, to, ReportPurposes.Describe(request.Purpose), request.RequestedBy);

        var template = await templates.CurrentAsync(db, ct);
        var key = await keys.GetActiveAsync(db, _options.SigningAlgorithm, ct);
        var chain = await certificates.GetActiveAsync(db, ct);

        var now = clock.GetUtcNow();
        var issuedAt = TruncateToSeconds(now);
        var conclusions = await ReportContentQuery.ConclusionsAsync(db, subject, validated, await completeness.ByDomainAsync(db, ct), ct);
        // Issue 13: the register's facts on the cover (a natural person's region is not shown: it is part of the ID number).
        var region = subject.IsNaturalPerson ? null : await regions.NameOfAsync(db, subject.RegionCode, ct);
        var registerStatus = subject.InRegister && subject.RegisterStatus is { } rs
            ? rs.NameZh() + (subject.StatusSince is { } since && rs != Subjects.RegisterStatus.Active ? $"（{since:yyyy-MM-dd}）" : "")
            : null;
        var commitments = await ReportContentQuery.CommitmentsAsync(db, subject, ct);

        var number = ReportNumbers.NewNumber();
        var verificationCode = codes.VerificationCodeFor(number);
        var content = new ReportContent
        {
            Number = number,
            TemplateVersion = template.Version,
            // DATA-STANDARD: a natural person's ID number is never shown in full.
            Subject = new ReportSubject(subject.Name, subject.DisplayCode, subject.Type.NameZh(), subject.IsNaturalPerson, region, registerStatus),
            From = from,
            To = to,
            AskedFrom = period.AskedFrom,
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
        var qrText = seal.Seal(content, contentDigest, key, statusIndex);
        // Encoding the QR matrix takes well under a millisecond: inline, no thread hop.
        var qrModules = Task.FromResult(ReportPdfRenderer.QrMatrix(qrText).Modules);

        var missing = new List<int>();
        var pdf = renderer.Render(content, template, new ReportPdfExtras(
            ReportNumbers.FormatCode(verificationCode), qrModules, VerificationUrl(number),
            key.Algorithm switch { SigningAlgorithm.Sm2 => "SM2/SM3", SigningAlgorithm.EcdsaP256 => "ECDSA P-256/SHA-256" },
            key.Id, Convert.ToHexStringLower(contentDigest), chain, request.Bilingual), missing);
        if (missing.Count > 0)
            logger?.LogWarning("Report {Number}: no installed font has {Characters}; they print as empty boxes and are missing from the PDF's text (install fonts-hanazono or set CreditProof:Reports:FallbackFontPaths)",
                ReportNumbers.FormatNumber(number), string.Join(" ", missing.Select(c => $"U+{c:X4}")));
        // The hash of the final, PAdES-signed file: what is stored, downloaded, logged for transparency and signed below.
        var pdfHash = SHA256.HashData(pdf);
        var (status, statusReason) = ReportStatusRules.AtIssue(conclusions.Any(d => d.Records.Any(r => r.UnderObjection)));
        var signature = key.Sign(ReportSignature.Message(contentDigest, pdfHash));
        // The file first, durably, then the row: a crash in between leaves an orphan file (creditproof pdfs gc), never a
        // report without its PDF.
        await pdfs.PutAsync(pdf, ct);
        Faults.Reach(Faults.AfterPdfStored);

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
            Bilingual = request.Bilingual,
            TemplateVersion = template.Version,
            Content = canonical,
            ContentSha256 = Convert.ToHexStringLower(contentDigest),
            PdfSha256 = Convert.ToHexStringLower(pdfHash),
            PdfLength = pdf.LongLength,
            Algorithm = key.Algorithm,
            KeyId = key.Id,
            Signature = signature,
            QrText = qrText,
            IssuedAt = content.IssuedAt,
            ExpiresAt = content.ExpiresAt,
            DataAsOf = content.DataAsOf,
            RequestedBy = request.RequestedBy,
            RequestKey = request.RequestKey,
            StatusIndex = statusIndex,
            Status = status,
            StatusChangedAt = status == ReportStatus.Valid ? null : content.IssuedAt,
            StatusReason = statusReason,
        });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        return new IssuedReportResult(ReportNumbers.FormatNumber(number), ReportNumbers.FormatCode(verificationCode), qrText, QrCapacity.Version(qrText.Length),
            Convert.ToHexStringLower(pdfHash), pdf, content);
    }

    /// <summary>
    /// The stored PDF bytes, unchanged since issue (checked against the row's hash); null when no such report exists.
    /// A missing or altered file throws <see cref="PdfFileException"/>.
    /// </summary>
    public async Task<byte[]?> GetPdfAsync(string number, CancellationToken ct = default)
    {
        var parsed = ReportNumbers.ParseNumber(number);
        if (parsed is null)
            return null;
        var report = await db.Set<IssuedReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Number == parsed, ct);
        return report is null ? null : await pdfs.ReadAsync(report, ct);
    }

    public string VerificationUrl(string number) => seal.VerificationUrl(number);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);
}

/// <summary>A small reference table read at most every 30 seconds (operators change it rarely); lock-free, last writer wins.</summary>
public sealed class CachedReference<T>(TimeProvider time, Func<CreditProofDbContext, CancellationToken, Task<T>> load)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private (T Value, DateTimeOffset ReadAt)? _cache;

    public async Task<T> GetAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var cache = _cache;
        var now = time.GetUtcNow();
        if (cache is not null && now - cache.Value.ReadAt < Ttl)
            return cache.Value.Value;
        var value = await load(db, ct);
        _cache = (value, now);
        return value;
    }
}

/// <summary>The domains, in report order.</summary>
public sealed class DomainDirectory(TimeProvider time)
{
    private readonly CachedReference<IReadOnlyList<CreditDomain>> _all = new(time,
        async (db, ct) => await db.Domains.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct));

    public Task<IReadOnlyList<CreditDomain>> AllAsync(CreditProofDbContext db, CancellationToken ct = default) => _all.GetAsync(db, ct);
}

/// <summary>Region names by division code, for the cover's 登记地.</summary>
public sealed class RegionNames(TimeProvider time)
{
    private readonly CachedReference<IReadOnlyDictionary<string, string>> _byCode = new(time,
        async (db, ct) => await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, StringComparer.Ordinal, ct));

    public async Task<string?> NameOfAsync(CreditProofDbContext db, string code, CancellationToken ct = default) =>
        (await _byCode.GetAsync(db, ct)).TryGetValue(code, out var name) ? name : null;
}
