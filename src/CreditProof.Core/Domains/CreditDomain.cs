namespace CreditProof.Domains;

/// <summary>An implementation domain (实施领域) such as 市场监管. Domains are data: more are added as they mature.</summary>
public sealed class CreditDomain
{
    public int Id { get; set; }

    /// <summary>Stable code used in APIs and files, e.g. <c>market-regulation</c>.</summary>
    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    public int SortOrder { get; set; }

    /// <summary>False for a domain whose data the platform does not hold yet: subjects may sign a credit commitment (信用承诺) instead.</summary>
    public bool IsCovered { get; set; } = true;

    /// <summary>
    /// The one definition of an available domain: covered by the platform and in effect on <paramref name="today"/>;
    /// only these can be chosen for a report and count towards "all domains".
    /// </summary>
    public bool IsAvailableOn(DateOnly today) => IsCovered && EffectiveFrom <= today;

    public string DisplayName(bool chinese) => chinese ? NameZh : NameEn;
}
