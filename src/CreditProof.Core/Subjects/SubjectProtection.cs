using CreditProof.Identifiers;
using CreditProof.Privacy;

namespace CreditProof.Subjects;

public static class SubjectProtection
{
    /// <summary>Sets a natural person's code (the blind index), encrypted ID number and masked form from the ID number.</summary>
    public static void Protect(this PersonalDataKeys keys, Subject subject, string idNumber)
    {
        var id = idNumber.Trim().ToUpperInvariant();
        subject.Code = keys.BlindIndex(id);
        subject.IdNumberCiphertext = keys.Encrypt(id);
        subject.MaskedCode = ResidentId.Mask(id);
    }
}
