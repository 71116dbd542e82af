using CreditProof.Records;

namespace CreditProof.Reports.Lifecycle;

/// <summary>
/// What a report's status must be, given the facts of the records it covers. Used at issue (a report can be born
/// suspended) and by <see cref="ReportLifecycle"/> afterwards; nothing else decides a status but the operator's revocation.
/// </summary>
public static class ReportStatusRules
{
    /// <summary>Issue 7 / 565号 practice: a report showing a record whose objection is open is suspended until it closes.</summary>
    public static (ReportStatus Status, string? Reason) AtIssue(bool showsRecordUnderObjection) => showsRecordUnderObjection
        ? (ReportStatus.Suspended, "报告中有记录异议处理中 / a record in the report is under objection")
        : (ReportStatus.Valid, null);

    /// <summary>
    /// A report is <see cref="ReportStatus.Superseded"/> when a record it shows is no longer the version it showed
    /// (corrected, deleted, revoked, repaired, publicity ended: every change writes a new version), or a record it covers
    /// but did not show would now be shown: a report issued now would differ. It is <see cref="ReportStatus.Suspended"/>
    /// while an objection to a record it shows is open, and valid otherwise. Decided by versions, not clocks, so a change
    /// in the second of issue is judged exactly. Superseded and revoked are final (only valid and suspended reports are
    /// evaluated).
    /// </summary>
    /// <param name="records">The subject's records that may have changed since the report's issue, and those under objection.</param>
    public static (ReportStatus Status, string? Reason) Evaluate(ActiveReport report, IEnumerable<RecordFacts> records)
    {
        var scope = ReportScope.Of(report.SubjectId, report.From, report.To, report.DomainIds);
        RecordFacts? objected = null;
        foreach (var r in records)
        {
            if (!scope.Covers(r.SubjectId, r.DomainId, r.Type, r.DecisionDate))
                continue;
            var shown = report.ShownVersions.TryGetValue(r.Id, out var version);
            if (shown ? version != r.Version : ReportScope.IsShown(r.Status))
                return (ReportStatus.Superseded, $"记录{r.DocumentNumber}在报告出具后发生变更 / record {r.DocumentNumber} changed after issue");
            if (shown && r.UnderObjection)
                objected ??= r;
        }

        return objected is { } o
            ? (ReportStatus.Suspended, $"记录{o.DocumentNumber}异议处理中 / an objection to record {o.DocumentNumber} is being handled")
            : (ReportStatus.Valid, null);
    }

    /// <summary>
    /// A stored reason in one language: the rules write "中文 / English"; an operator's revocation reason is what was
    /// typed, returned as it is (and flagged Chinese when it has no English half).
    /// </summary>
    public static (string Text, bool IsChinese) ReasonIn(string reason, bool chinese)
    {
        var split = reason.IndexOf(" / ", StringComparison.Ordinal);
        if (split < 0)
            return (reason, true);
        return chinese ? (reason[..split], true) : (reason[(split + 3)..], false);
    }

    public const string CommitmentFalseReason = "所列信用承诺经核查不实 / a credit commitment it lists was found false";

    public const string DomainCoverageReason = "领域归集范围已调整 / the platform's coverage of a domain it concerns changed";
}

/// <summary>What the rules need of a valid or suspended report: its scope and the version of each record it shows.</summary>
public sealed record ActiveReport(Guid Id, Guid SubjectId, DateTime IssuedAt, DateOnly From, DateOnly To, string DomainIds, ReportStatus Status,
    IReadOnlyDictionary<Guid, int> ShownVersions)
{
    /// <summary>The versions shown, read from the signed content (the record ids and versions it lists).</summary>
    public static IReadOnlyDictionary<Guid, int> VersionsIn(ReadOnlySpan<byte> canonicalContent) =>
        ReportContent.FromCanonicalJson(canonicalContent).Domains.SelectMany(d => d.Records).ToDictionary(r => r.Id, r => r.Version);
}

/// <summary>What the rules need of a record.</summary>
public sealed record RecordFacts(Guid Id, int Version, Guid SubjectId, int DomainId, RecordType Type, DateOnly DecisionDate, string DocumentNumber,
    LegalStatus Status, bool UnderObjection);
