using System.Collections.Concurrent;
using System.Security.Cryptography;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Verification;

/// <summary>One chosen domain and its conclusion as a verifier shows it.</summary>
public sealed record DomainConclusionSummary(int Id, string NameZh, string NameEn, int Records, bool Incomplete = false)
{
    /// <summary>0 records and complete data: 未发现违法违规记录.</summary>
    public bool Clean => Records == 0 && !Incomplete;

    /// <summary>0 records but incomplete data: 本领域数据暂不完整，不作结论.</summary>
    public bool NoConclusion => Records == 0 && Incomplete;
}

/// <summary>What a verifier shows about a report: never a full personal ID number (the code is masked at issue).</summary>
public sealed record ReportSummary(
    string Number,
    string Issuer,
    string? Platform,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset DataAsOf,
    string SubjectName,
    string SubjectCode,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<DomainConclusionSummary> Domains,
    string? TemplateVersion,
    string KeyId,
    string Algorithm);

/// <summary>
/// The answer of a verification. <see cref="Authentic"/>: the platform's signature holds. <see cref="IsValid"/>: authentic,
/// not expired, and neither superseded, suspended nor revoked. For another platform's report the status is kept by that
/// platform: it is known here from the status list imported from it (<see cref="StatusAsOf"/> says when that list was
/// issued), otherwise <see cref="Status"/> is null.
/// </summary>
public sealed record VerificationOutcome(
    PayloadVerdict Verdict,
    string Message,
    ReportSummary? Report,
    ReportStatus? Status,
    string? StatusReason,
    bool Expired,
    bool IssuedHere)
{
    public bool Authentic => Verdict == PayloadVerdict.Valid;

    public bool IsValid => Authentic && !Expired && !StatusOutOfBounds && Status is null or ReportStatus.Valid;

    /// <summary>
    /// The status list checked holds no entry for the report's index: no statement about its status can be made, and
    /// draft-ietf-oauth-status-list (§8.3) says the token MUST then be rejected — never read as valid.
    /// </summary>
    public bool StatusOutOfBounds { get; init; }

    /// <summary>For another platform's report: when the status list its status was read from was issued.</summary>
    public DateTimeOffset? StatusAsOf { get; init; }

    public static VerificationOutcome NotFound { get; } = new(PayloadVerdict.NotFound,
        "No report with this number and verification code.", null, null, null, false, false);
}

/// <summary>
/// Verifies reports online: by QR text (signature against the trust list, status from the in-memory status list) and
/// by report number + verification code (paper path). Verified QR texts are remembered — the same bytes always verify
/// the same way — so a QR checked again costs a dictionary lookup, not an SM2 verification; the memory is dropped when
/// the trust list changes.
/// </summary>
public sealed class ReportVerifier(TrustStore trust, ReportStatusCache statuses, ForeignStatusStore foreign, CodeHasher codes, IOptions<ReportOptions> options, PlatformOptions platform,
    TimeProvider time) : IDisposable
{
    private const int MemoryLimit = 100_000;

    /// <summary>Characters the remembered QR texts may hold in all (about 32 MB of strings).</summary>
    private const long MemoryCharsLimit = 16L * 1024 * 1024;

    /// <summary>A printed QR holds at most version 15 at level M; anything longer is refused before it is parsed.</summary>
    public static readonly int MaxQrTextLength = Rendering.QrCapacity.BytesAt(Rendering.QrCapacity.MaxDenseVersion);

    private long _rememberedChars;
    private static readonly byte[] DummyHash = SHA256.HashData("no such report"u8);
    private readonly ReportOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);
    private (int Version, ReportPayloadVerifier Verifier)? _payloadVerifier;

    /// <summary>
    /// Verifies a QR text; what it reads (trust list, status list) may come from the standby (<paramref name="reads"/>):
    /// an index the status list does not cover yet is read again, from the primary if the standby lacks it too.
    /// </summary>
    public async ValueTask<VerificationOutcome> VerifyQrAsync(string qrText, ReadOnlyDatabase reads, CancellationToken ct = default)
    {
        var list = trust.Cached ?? await trust.GetAsync(reads.Context, ct);
        var verifier = VerifierFor(list);
        if (qrText.Length > MaxQrTextLength)
            return new VerificationOutcome(PayloadVerdict.Malformed, "二维码内容过长，不是本平台的报告二维码。The QR text is too long to be a report's QR code.", null, null, null, false, false);
        if (!_verified.TryGetValue(qrText, out var verified))
        {
            verified = Remember(verifier.Verify(qrText));
            // Only a text that verified is remembered: a malformed or unverifiable one costs whoever sends it, not our memory.
            if (verified.Result.Verdict is PayloadVerdict.Valid)
            {
                if (_verified.Count >= MemoryLimit || Interlocked.Read(ref _rememberedChars) + qrText.Length > MemoryCharsLimit)
                {
                    _verified.Clear();
                    Interlocked.Exchange(ref _rememberedChars, 0);
                }

                if (_verified.TryAdd(qrText, verified))
                    Interlocked.Add(ref _rememberedChars, qrText.Length);
            }
        }

        var result = verified.Result;
        if (result.Claims is not { } claims || verified.Summary is null || !result.IsValid)
            return new VerificationOutcome(result.Verdict, result.Message, null, null, null, false, false);
        var expired = time.GetUtcNow() >= claims.ExpiresAt;
        if (verified.IssuedHere)
        {
            ReportStatus? status = null;
            if (claims.StatusIndex is { } index && (status = statuses.Current.StatusOf(index)) is null)
            {
                // Reserved by another node after this one last refreshed (at most a couple of seconds ago), or not yet on
                // the standby: read again.
                status = (await reads.ReadAsync(db => statuses.RefreshAsync(db, ct), l => l.StatusOf(index) is null)).StatusOf(index);
            }

            return new VerificationOutcome(result.Verdict, result.Message, verified.Summary, status,
                status is null && claims.StatusIndex is not null ? OutOfBounds : null, expired, true) { StatusOutOfBounds = status is null && claims.StatusIndex is not null };
        }

        // Another platform's report: its status as of the status list imported from it, if one is held.
        ReportStatus? foreignStatus = null;
        string? problem = null;
        DateTimeOffset? asOf = null;
        if (claims.StatusIndex is { } foreignIndex && (foreign.Cached ?? await foreign.GetAsync(reads.Context, ct)).TryGetValue(claims.Issuer, out var held))
        {
            if (held.Token is { } token)
                (foreignStatus, asOf, problem) = (token.List.StatusOf(foreignIndex), token.IssuedAt, token.List.StatusOf(foreignIndex) is null ? OutOfBounds : null);
            else
                problem = held.Problem;
        }

        return new VerificationOutcome(result.Verdict, result.Message, verified.Summary, foreignStatus, problem, expired, false)
        {
            StatusAsOf = asOf,
            StatusOutOfBounds = problem == OutOfBounds,
        };
    }

    /// <summary>What a verifier says when the status list has no entry for the report's index.</summary>
    public const string OutOfBounds = "状态列表中没有该报告的条目，无法确认其状态，不予认可。The status list holds no entry for this report's index: its status cannot be known, so it is rejected.";

    /// <summary>How many QR texts are remembered now.</summary>
    internal int RememberedCount => _verified.Count;

    private Verified Remember(PayloadVerification result)
    {
        if (result.Claims is not { } claims || result.Key is not { } key || !result.IsValid)
            return new Verified(result, null, false);
        var issuedHere = string.Equals(key.Issuer, platform.Issuer, StringComparison.Ordinal) && string.Equals(claims.Issuer, platform.Issuer, StringComparison.Ordinal);
        return new Verified(result, Summary(claims, key), issuedHere);
    }

    /// <summary>What a QR text verified to, with its summary built once.</summary>
    private sealed record Verified(PayloadVerification Result, ReportSummary? Summary, bool IssuedHere);

    /// <summary>
    /// The paper path. An unknown number and a wrong code give the same answer, and the code is compared in constant
    /// time, so numbers cannot be probed; the stored report's signature is checked too (a changed row fails). Read on the
    /// standby, and again on the primary when the standby found no match (a report issued a moment ago): an unknown
    /// number and a wrong code both take the second read, so the time taken still tells them apart no more than the answer.
    /// </summary>
    public Task<VerificationOutcome> VerifyNumberAsync(ReadOnlyDatabase reads, string? typedNumber, string? typedCode, CancellationToken ct = default) =>
        reads.ReadAsync(db => VerifyNumberAsync(db, typedNumber, typedCode, ct), o => o.Verdict == PayloadVerdict.NotFound);

    private async Task<VerificationOutcome> VerifyNumberAsync(CreditProofDbContext db, string? typedNumber, string? typedCode, CancellationToken ct)
    {
        var number = ReportNumbers.ParseNumber(typedNumber);
        var code = ReportNumbers.ParseCode(typedCode);
        var row = number is null ? null : await db.IssuedReports.AsNoTracking().Where(r => r.Number == number)
            .Select(r => new { r.VerificationCodeHash, r.QrText, r.Status, r.StatusReason, r.SubjectName, r.TemplateVersion })
            .SingleOrDefaultAsync(ct);
        var expected = row is null ? DummyHash : Convert.FromHexString(row.VerificationCodeHash);
        var given = codes.Hash(code ?? "");
        if (!CryptographicOperations.FixedTimeEquals(expected, given) || row is null || code is null)
            return VerificationOutcome.NotFound;

        var list = await trust.GetAsync(db, ct);
        var result = VerifierFor(list).Verify(row.QrText);
        if (result.Claims is not { } claims || result.Key is not { } key || !result.IsValid)
            return new VerificationOutcome(result.Verdict, "The stored report does not verify: " + result.Message, null, null, null, false, true);
        var summary = Summary(claims, key) with { SubjectName = row.SubjectName, TemplateVersion = row.TemplateVersion };
        return new VerificationOutcome(PayloadVerdict.Valid, result.Message, summary, row.Status, row.StatusReason, time.GetUtcNow() >= claims.ExpiresAt, true);
    }

    public static ReportSummary Summary(ReportClaims claims, TrustedKey key) => new(
        ReportNumbers.FormatNumber(claims.Number),
        claims.Issuer,
        key.Platform,
        claims.IssuedAt,
        claims.ExpiresAt,
        claims.DataAsOf,
        claims.SubjectName,
        claims.SubjectCode,
        claims.From,
        claims.To,
        claims.Conclusions.Select(c => DomainNames.Describe(c.DomainId, c.Records, c.Incomplete)).ToList(),
        claims.TemplateVersion,
        key.Id,
        key.Algorithm.Name());

    private ReportPayloadVerifier VerifierFor(TrustList list)
    {
        var version = trust.Version;
        if (_payloadVerifier is { } current && current.Version == version)
            return current.Verifier;
        // The trust list changed: forget what was verified against the old one.
        _verified.Clear();
        Interlocked.Exchange(ref _rememberedChars, 0);
        var created = new ReportPayloadVerifier(list, platform.Issuer, platform.PublicBaseUrl);
        _payloadVerifier = (version, created);
        return created;
    }

    public void Dispose() => _payloadVerifier?.Verifier.Dispose();
}

/// <summary>Domain ids to names, from the list every CreditProof platform ships (ids follow its order), for online and offline verifiers.</summary>
public static class DomainNames
{
    private static readonly Dictionary<int, (string Zh, string En)> Names = ReferenceData.EmbeddedCsv.Read("domains.csv")
        .ToDictionary(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r => (r[2], r[3]));

    public static DomainConclusionSummary Describe(int id, int records, bool incomplete = false) =>
        Names.TryGetValue(id, out var n)
            ? new DomainConclusionSummary(id, n.Zh, n.En, records, incomplete)
            : new DomainConclusionSummary(id, $"领域{id}", $"domain {id}", records, incomplete);
}
