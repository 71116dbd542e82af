using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditProof.Records;

namespace CreditProof.Reports;

/// <summary>
/// Everything a report says, independent of layout. Its canonical form (<see cref="ToCanonicalJson"/>: UTF-8 JSON,
/// properties in declaration order, no whitespace) is what the platform signs and what the QR's content digest covers.
/// </summary>
public sealed record ReportContent
{
    public required string Number { get; init; }

    public required string TemplateVersion { get; init; }

    public required ReportSubject Subject { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    /// <summary>
    /// The start the request asked for ("the last N years") when it lay before the platform's collection start:
    /// <see cref="From"/>, the period's effective start, is then the collection start, and the report says so. Absent
    /// otherwise, and in reports issued before it was stated.
    /// </summary>
    public DateOnly? AskedFrom { get; init; }

    public string? Purpose { get; init; }

    public required DateTime IssuedAt { get; init; }

    public required DateTime ExpiresAt { get; init; }

    /// <summary>The time the records were read: the report reflects the platform's data as of this instant.</summary>
    public required DateTime DataAsOf { get; init; }

    /// <summary>True when every active domain was chosen.</summary>
    public required bool AllDomains { get; init; }

    /// <summary>How many active domains were not chosen (never presented as clean).</summary>
    public required int DomainsNotChosen { get; init; }

    public required IReadOnlyList<DomainConclusion> Domains { get; init; }

    /// <summary>The subject's credit commitments (信用承诺) for domains the platform does not cover: shown as commitments, never as conclusions.</summary>
    public IReadOnlyList<ReportCommitment> Commitments { get; init; } = [];

    [JsonIgnore]
    public int RecordCount => Domains.Sum(d => d.Records.Count);

    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public byte[] ToCanonicalJson() => JsonSerializer.SerializeToUtf8Bytes(this, Canonical);

    public static ReportContent FromCanonicalJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ReportContent>(json, Canonical) ?? throw new InvalidDataException("Empty report content.");

    public static byte[] Digest(ReadOnlySpan<byte> canonicalJson) => SHA256.HashData(canonicalJson);
}

/// <summary>The subject as printed: a natural person's ID number is masked (GB 11643 numbers are personal information).</summary>
/// <summary>A commitment as the report states it.</summary>
public sealed record ReportCommitment(int DomainId, string DomainNameZh, DateTime SignedAt, Commitments.CommitmentStatus Status);

/// <summary>The subject as the cover shows it; the region and the register status (主体库) when the register holds them.</summary>
public sealed record ReportSubject(string Name, string DisplayCode, string TypeZh, bool IsNaturalPerson, string? RegionZh = null, string? RegisterStatusZh = null);

/// <summary>One chosen domain and its conclusion: no record found, the records, or no conclusion because its data is incomplete.</summary>
public sealed record DomainConclusion(int DomainId, string Code, string NameZh, IReadOnlyList<ReportRecord> Records)
{
    /// <summary>
    /// The day by which every unit of the domain had delivered (数据截至, <see cref="Ingest.DomainData.AsOf"/>); null when a
    /// unit never delivered, and in reports issued before the date was stated.
    /// </summary>
    public DateOnly? DataAsOf { get; init; }

    /// <summary>
    /// A unit of the domain has delivered nothing for longer than the platform's limit (<see cref="Ingest.DataCompleteness"/>):
    /// the records received are shown, but "no record" is never concluded. Absent (false) in older reports.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Incomplete { get; init; }

    [JsonIgnore]
    public bool Clean => Records.Count == 0;

    /// <summary>
    /// The verdicts of the summary table, decided here once. POLICY.md and DATA-STANDARD.md ("a special credit report
    /// still shows a repaired record, marked 已修复"): a repaired record, or one whose publicity has ended, stays on the
    /// report, so a domain holding only such records is neither "no record" nor "records in effect". Issue 15: a domain
    /// whose data is incomplete and shows no record is 本领域数据暂不完整，不作结论, never 未发现.
    /// </summary>
    [JsonIgnore]
    public DomainVerdict Verdict => Records.Count == 0 ? (Incomplete ? DomainVerdict.NoConclusion : DomainVerdict.NoRecord)
        : InEffect == 0 ? DomainVerdict.AllRepairedOrEnded
        : DomainVerdict.RecordsInEffect;

    /// <summary>Records neither repaired nor past their publicity.</summary>
    [JsonIgnore]
    public int InEffect => Records.Count(r => !r.Repaired && !r.PublicityEnded);
}

/// <summary>What the summary table says for a domain.</summary>
public enum DomainVerdict
{
    /// <summary>未发现违法违规记录.</summary>
    NoRecord,

    /// <summary>有记录，均已修复或公示期满.</summary>
    AllRepairedOrEnded,

    /// <summary>有违法违规记录 N 条 (N in effect; the repaired or ended ones named beside them).</summary>
    RecordsInEffect,

    /// <summary>本领域数据暂不完整，不作结论: no record was received, but the domain's data is incomplete.</summary>
    NoConclusion,
}

/// <summary>A record as a relying party needs to see it (DATA-STANDARD.md field sets), in its current version.</summary>
public sealed record ReportRecord
{
    public required Guid Id { get; init; }

    public required int Version { get; init; }

    /// <summary>A unit corrected (更正) its content after it was first received; a repair or the end of publicity is not a correction.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Corrected { get; init; }

    public required RecordType Type { get; init; }

    public required string DocumentNumber { get; init; }

    public required DateOnly DecisionDate { get; init; }

    public string? Category { get; init; }

    public string? ViolationType { get; init; }

    public string? ListName { get; init; }

    public string? Facts { get; init; }

    public string? LegalBasis { get; init; }

    public string? Content { get; init; }

    public long? FineFen { get; init; }

    public long? ConfiscatedFen { get; init; }

    public string? LicenceAffected { get; init; }

    public string? AuthorityName { get; init; }

    public string? AuthorityCode { get; init; }

    public DateOnly? ValidUntil { get; init; }

    public DateOnly? PublicityEnd { get; init; }

    public DateOnly? EffectiveOn { get; init; }

    public DateOnly? RemovedOn { get; init; }

    public required string UnitName { get; init; }

    public required string UnitCode { get; init; }

    public required bool Repaired { get; init; }

    public DateOnly? RepairedOn { get; init; }

    public string? RepairNote { get; init; }

    /// <summary>The maximum publicity period passed (公示期满); the record still appears, so marked, with the date in <see cref="RepairedOn"/>.</summary>
    public bool PublicityEnded { get; init; }

    /// <summary>An objection to the record is being handled (异议处理中) at issue.</summary>
    public bool UnderObjection { get; init; }
}
