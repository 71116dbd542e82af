using CreditProof.Platform;

namespace CreditProof.Subjects;

/// <summary>
/// One change the register made to a subject (主体变更记录): entered the register, renamed, status changed, other facts
/// corrected, or left it. Old and new name and status are kept, with the day it took effect and who sent it: nothing the
/// register said is overwritten without trace.
/// </summary>
public sealed class SubjectChange
{
    public long Id { get; set; }

    public Guid SubjectId { get; set; }

    public SubjectChangeKind Kind { get; set; }

    /// <summary>The changed facts, e.g. <c>Name;RegisterStatus</c>.</summary>
    public required string ChangedFields { get; set; }

    public string? OldName { get; set; }

    public string? NewName { get; set; }

    public RegisterStatus? OldStatus { get; set; }

    public RegisterStatus? NewStatus { get; set; }

    /// <summary>The day the change took effect: the file's as-of date, or the day it was received.</summary>
    public DateOnly EffectiveOn { get; set; }

    public DateTime ChangedAt { get; set; }

    /// <summary>Who sent it: the registration authority's credit code and key, or the operator who imported the file.</summary>
    public required string ChangedBy { get; set; }

    public Channel Channel { get; set; }

    public Guid? BatchId { get; set; }

    public int? SourceRow { get; set; }
}

public enum SubjectChangeKind
{
    /// <summary>The register holds the subject for the first time (new, or known before only from records).</summary>
    Entered = 1,

    /// <summary>The name changed (the old one becomes a former name).</summary>
    Renamed = 2,

    /// <summary>登记状态 changed, e.g. 存续 → 注销.</summary>
    StatusChanged = 3,

    /// <summary>Other registered facts changed (type, region, date of establishment, former names).</summary>
    Updated = 4,

    /// <summary>Missing from a full snapshot of the register.</summary>
    Left = 5,

    /// <summary>A natural person whose identity the identity provider verified at sign-in.</summary>
    IdentityVerified = 6,
}

/// <summary>One register import: a file (full snapshot or change file) or an API request of the registration authority.</summary>
public sealed class RegisterBatch
{
    public Guid Id { get; set; }

    public Channel Channel { get; set; }

    /// <summary>A full snapshot: registered subjects missing from it leave the register.</summary>
    public bool Snapshot { get; set; }

    public string? FileName { get; set; }

    public string? Sha256 { get; set; }

    public BatchStatusKind Status { get; set; }

    public int RowsRead { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Rejected { get; set; }

    /// <summary>Registered subjects missing from a full snapshot.</summary>
    public int Left { get; set; }

    public DateOnly EffectiveOn { get; set; }

    public string? ErrorReportPath { get; set; }

    public required string SubmittedBy { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

public enum BatchStatusKind
{
    Running = 1,
    Completed = 2,
    CompletedWithRejections = 3,
}

/// <summary>Former names (曾用名) as one column: split on <c>;</c>, <c>；</c> or <c>、</c>, joined with <c>;</c>.</summary>
public static class SubjectNames
{
    private static readonly char[] Separators = [';', '；', '、'];

    public static IReadOnlyList<string> Split(string? names) =>
        string.IsNullOrWhiteSpace(names) ? [] : names.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The known names followed by the new ones not yet among them (order kept), without <paramref name="current"/>; null when none.</summary>
    public static string? Merge(string? known, IEnumerable<string> added, string current)
    {
        var list = Split(known).ToList();
        foreach (var name in added)
        {
            if (!list.Contains(name, StringComparer.Ordinal))
                list.Add(name);
        }

        list.RemoveAll(n => string.Equals(n, current, StringComparison.Ordinal));
        return list.Count == 0 ? null : string.Join(';', list);
    }
}
