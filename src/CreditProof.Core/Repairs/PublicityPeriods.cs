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
    public PublicityWindow? WindowFor(ViolationRecord record) => WindowFor(record.DecisionDate, record.DomainId, EffectiveSeverity(record));

    /// <summary>
    /// The one definition of a penalty's publicity end (公示截止): the unit's 公示截止期 when it sent one, otherwise the rule
    /// table's maximum. The portal, the report and the automatic end of publicity all read it here.
    /// </summary>
    public DateOnly? EndOf(ViolationRecord record) => record.PublicityEnd ?? WindowFor(record)?.PublicityEnds;

    /// <inheritdoc cref="EndOf(ViolationRecord)"/>
    public DateOnly? EndOf(DateOnly? unitsDate, DateOnly decided, int domainId, Severity severity, Procedure procedure) =>
        unitsDate ?? WindowFor(decided, domainId, EffectiveSeverity(severity, procedure))?.PublicityEnds;

    /// <summary>
    /// The earliest day the subject may apply for repair (信用修复): a penalty once its minimum publicity period has passed
    /// (the decision date when no rule applies), a dishonesty listing at once; null for enforcement and criminal
    /// records, which cannot be repaired. The repair notice travels with the record (the national rule), so the
    /// subject is told this date when the record arrives.
    /// </summary>
    public DateOnly? RepairAllowedFrom(ViolationRecord record) => record.Type switch
    {
        RecordType.Penalty => WindowFor(record)?.RepairAllowedFrom ?? record.DecisionDate,
        RecordType.Dishonesty => record.DecisionDate,
        RecordType.Enforcement or RecordType.Criminal => null,
    };

    public PublicityWindow? WindowFor(DateOnly decided, int domainId, Severity severity)
    {
        var rule = rules
            .Where(r => r.RegimeFrom <= decided && r.Severity == severity && (r.DomainId is null || r.DomainId == domainId))
            .OrderByDescending(r => r.RegimeFrom)
            .ThenByDescending(r => r.DomainId.HasValue)
            .FirstOrDefault();
        if (rule is null)
            return null;
        return new PublicityWindow(rule, decided.AddMonths(rule.MinimumMonths), decided.AddMonths(rule.MaximumMonths));
    }

    /// <summary>Severity for the rule table: never guessed from the amount; the simplified procedure means minor.</summary>
    public static Severity EffectiveSeverity(ViolationRecord record) => EffectiveSeverity(record.Severity, record.Procedure);

    public static Severity EffectiveSeverity(Severity severity, Procedure procedure) => (severity, procedure) switch
    {
        (not Severity.Unknown, _) => severity,
        (_, Procedure.Simplified) => Severity.Minor,
        _ => Severity.General,
    };
}
