using CreditProof.Identifiers;

namespace CreditProof.Subjects;

/// <summary>A credit subject (信用主体): identified by its unified social credit code or, for a natural person, resident ID number.</summary>
public sealed class Subject
{
    public Guid Id { get; set; }

    /// <summary>The unified social credit code, or the resident ID number of a natural person (upper-case).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public SubjectType Type { get; set; }

    /// <summary>GB/T 2260 registration region; for a credit code, positions 3–8.</summary>
    public required string RegionCode { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool IsNaturalPerson => Type == SubjectType.NaturalPerson;

    /// <summary>The code as it may be shown to a person: a personal ID number is masked.</summary>
    public string DisplayCode => IsNaturalPerson ? ResidentId.Mask(Code) : Code;
}
