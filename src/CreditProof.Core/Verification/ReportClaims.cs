namespace CreditProof.Verification;

/// <summary>
/// The signed, compact summary a QR code carries (docs/qr-format.md). Holds no personal ID number: a natural person's
/// code appears masked. Chosen domains are platform domain ids; domains absent from <see cref="RecordCounts"/> had no record.
/// </summary>
public sealed record ReportClaims
{
    public required string Issuer { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>16 symbols, no dashes.</summary>
    public required string Number { get; init; }

    /// <summary>Credit code, or a masked ID number for a natural person.</summary>
    public required string SubjectCode { get; init; }

    /// <summary>The subject's name; shortened (ending in …) only if the QR code would otherwise exceed version 15.</summary>
    public required string SubjectName { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    public required IReadOnlyList<int> DomainIds { get; init; }

    /// <summary>Domain id → number of records, for chosen domains with at least one record.</summary>
    public required IReadOnlyDictionary<int, int> RecordCounts { get; init; }

    /// <summary>SHA-256 of the canonical report content; the QR carries its first <see cref="QrPayload.DigestLength"/> bytes.</summary>
    public required byte[] ContentDigest { get; init; }

    public required DateTimeOffset DataAsOf { get; init; }

    /// <summary>The report's index in the issuer's status list; null in payloads made before status lists existed.</summary>
    public int? StatusIndex { get; init; }

    /// <summary>The report template version the PDF was laid out with.</summary>
    public string? TemplateVersion { get; init; }

    /// <summary>Chosen domains whose data was incomplete at issue (claim 13): the report draws no conclusion for them.</summary>
    public IReadOnlyList<int> IncompleteDomainIds { get; init; } = [];

    /// <summary>Compact conclusion per chosen domain: 0 records and complete data means 未发现违法违规记录.</summary>
    public IEnumerable<(int DomainId, int Records, bool Incomplete)> Conclusions =>
        DomainIds.Select(id => (id, RecordCounts.TryGetValue(id, out var n) ? n : 0, IncompleteDomainIds.Contains(id)));
}
