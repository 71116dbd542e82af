using CreditProof.Records;

namespace CreditProof.Repairs;

/// <summary>
/// One row of the publicity and repair rule table: for penalties decided on or after <see cref="RegimeFrom"/> (until the next
/// regime), the minimum publicity after which the subject may apply for repair and the maximum at which publicity ends.
/// </summary>
public sealed class PublicityRule
{
    public int Id { get; set; }

    public DateOnly RegimeFrom { get; set; }

    /// <summary>The document that sets the regime, e.g. 国家发展改革委令第58号.</summary>
    public required string Regime { get; set; }

    /// <summary>Null: every domain. A domain id: a domain-specific rule that wins over the general one.</summary>
    public int? DomainId { get; set; }

    public Severity Severity { get; set; }

    /// <summary>False when records of this severity are in principle not published (e.g. minor penalties from Order 58).</summary>
    public bool Published { get; set; }

    public int MinimumMonths { get; set; }

    public int MaximumMonths { get; set; }
}
