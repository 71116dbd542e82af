using CreditProof.Domains;

namespace CreditProof.Units;

/// <summary>A data source unit (数源单位): the authority that produces records and answers for them (谁产生、谁负责).</summary>
public sealed class DataSourceUnit
{
    public int Id { get; set; }

    public required string CreditCode { get; set; }

    public required string Name { get; set; }

    public int DomainId { get; set; }

    public CreditDomain Domain { get; set; } = null!;

    public AdministrativeLevel Level { get; set; }

    public required string RegionCode { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>A registration authority (登记机关, e.g. market regulation): may send the subject register with its API key.</summary>
    public bool IsRegistrationAuthority { get; set; }

    /// <summary>
    /// Other authorities (实施机关) whose decisions this unit reports, e.g. the intermediate courts of a high court,
    /// separated by <c>;</c>. A row may name as its authority only the unit itself or one of these.
    /// </summary>
    public string? AuthorityNames { get; set; }

    public static readonly char[] AuthoritySeparators = [';', '；'];

    /// <summary>The authority names a row of this unit may carry: its own and the registered ones.</summary>
    public bool ReportsFor(string authorityName) =>
        string.Equals(authorityName, Name, StringComparison.Ordinal)
        || (AuthorityNames ?? "").Split(AuthoritySeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(authorityName, StringComparer.Ordinal);
}

/// <summary>The administrative level of a unit: 省级, 市级, 县级.</summary>
public enum AdministrativeLevel
{
    Province = 1,
    Prefecture = 2,
    County = 3,
}
