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
}

/// <summary>The administrative level of a unit: 省级, 市级, 县级.</summary>
public enum AdministrativeLevel
{
    Province = 1,
    Prefecture = 2,
    County = 3,
}
