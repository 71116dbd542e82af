namespace CreditProof.Regions;

/// <summary>An administrative division (行政区划) by its GB/T 2260 code.</summary>
public sealed class Region
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public RegionLevel Level { get; set; }

    public string? ParentCode { get; set; }
}

public enum RegionLevel
{
    Province = 1,
    Prefecture = 2,
    County = 3,
}
