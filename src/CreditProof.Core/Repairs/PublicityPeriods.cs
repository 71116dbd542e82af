using CreditProof.Records;

namespace CreditProof.Repairs;

/// <summary>The publicity window of a record under the rule table: when repair may be applied for, when publicity ends.</summary>
public sealed record PublicityWindow(PublicityRule Rule, DateOnly RepairAllowedFrom, DateOnly PublicityEnds)
{
    public bool IsPublished => Rule.Published;
}

/// <summary>
/// Chooses the rule for a record — the regime in force on the decision date, the record's domain before the general rule,
/// its severity (简易程序 counts as minor) — and derives the dates. Periods count from the decision date (DATA-STANDARD.md).
/// </summary>
public sealed class PublicityPeriods(IReadOnlyList<PublicityRule> rules)
{
    public PublicityWindow? WindowFor(ViolationRecord record)
    {
        var severity = EffectiveSeverity(record);
        var rule = rules
            .Where(r => r.RegimeFrom <= record.DecisionDate && r.Severity == severity && (r.DomainId is null || r.DomainId == record.DomainId))
            .OrderByDescending(r => r.RegimeFrom)
            .ThenByDescending(r => r.DomainId.HasValue)
            .FirstOrDefault();
        if (rule is null)
            return null;
        return new PublicityWindow(rule, record.DecisionDate.AddMonths(rule.MinimumMonths), record.DecisionDate.AddMonths(rule.MaximumMonths));
    }

    /// <summary>Severity for the rule table: never guessed from the amount; the simplified procedure means minor.</summary>
    public static Severity EffectiveSeverity(ViolationRecord record) => record switch
    {
        { Severity: not Severity.Unknown } => record.Severity,
        { Procedure: Procedure.Simplified } => Severity.Minor,
        _ => Severity.General,
    };
}
