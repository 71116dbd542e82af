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

    /// <summary>
    /// Whether the subject register (主体库) holds the subject: sent by the registration authority, or a natural person
    /// whose identity the identity provider verified. False for a subject known only from a record ("not in register").
    /// </summary>
    public bool InRegister { get; set; }

    /// <summary>登记状态 as the register last reported it; null for a subject not in the register and for natural persons.</summary>
    public RegisterStatus? RegisterStatus { get; set; }

    /// <summary>成立日期 (date of establishment) as registered.</summary>
    public DateOnly? RegisteredOn { get; set; }

    /// <summary>The day the current <see cref="RegisterStatus"/> took effect (as far as the register told the platform).</summary>
    public DateOnly? StatusSince { get; set; }

    /// <summary>曾用名: earlier names, oldest first, separated by <c>;</c> (the register's, and every name replaced by a rename here).</summary>
    public string? FormerNames { get; set; }

    /// <summary>When the register last changed anything of this subject (UTC).</summary>
    public DateTime? RegisterUpdatedAt { get; set; }

    /// <summary>The register batch that last changed the subject: who sent its current register facts, and when.</summary>
    public Guid? RegisterBatchId { get; set; }

    public bool IsNaturalPerson => Type == SubjectType.NaturalPerson;

    /// <summary>注销 or 吊销: the subject has ceased (or is being wound up) according to the register.</summary>
    public bool IsDeregistered => RegisterStatus is Subjects.RegisterStatus.Deregistered or Subjects.RegisterStatus.Revoked;

    public IReadOnlyList<string> FormerNameList => SubjectNames.Split(FormerNames);

    /// <summary>The code as it may be shown to a person: a personal ID number is masked.</summary>
    public string DisplayCode => IsNaturalPerson ? MaskedCode ?? ResidentId.Mask(Code) : Code;

    /// <summary>A natural person's ID number, masked (<c>140105********031X</c>): what every page shows.</summary>
    public string? MaskedCode { get; set; }

    /// <summary>A natural person's ID number, AES-256-GCM under a data key (<see cref="Privacy.PersonalDataKeys"/>); never shown.</summary>
    public byte[]? IdNumberCiphertext { get; set; }
}
