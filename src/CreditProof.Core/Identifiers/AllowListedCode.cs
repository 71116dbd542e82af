namespace CreditProof.Identifiers;

/// <summary>A legal credit code that fails the check (early pilot codes), accepted by an operator's recorded decision.</summary>
public sealed class AllowListedCode
{
    public required string Code { get; set; }

    public required string Reason { get; set; }

    public required string AddedBy { get; set; }

    public DateTime AddedAt { get; set; }
}
