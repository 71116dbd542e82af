namespace CreditProof.Identifiers;

/// <summary>What the source says the subject is, when it says (e.g. the 行政相对人类别 column).</summary>
public enum SubjectKindHint
{
    Unknown = 0,
    Organisation = 1,
    NaturalPerson = 2,
}

/// <summary>Recognises either kind of subject identifier and derives the subject type and region from it.</summary>
public sealed class SubjectCodeValidator(IReadOnlySet<string> allowedCreditCodes, TimeProvider time)
{
    public static SubjectCodeValidator Strict(TimeProvider time) => new(new HashSet<string>(StringComparer.Ordinal), time);

    public SubjectCodeResult Check(string? input, SubjectKindHint hint = SubjectKindHint.Unknown)
    {
        var code = (input ?? "").Trim().ToUpperInvariant();
        var credit = hint == SubjectKindHint.NaturalPerson ? null : CreditCode.Check(code);
        if (credit is { IsValid: true })
            return new SubjectCodeResult(credit, CreditCode.SubjectTypeOf(code), CreditCode.RegionOf(code), AllowListed: false);

        // An 18-digit string can be a credit code (e.g. 914403001922038216) or an ID number; the check characters decide.
        var id = hint == SubjectKindHint.Organisation ? null : ResidentId.Check(code, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (id is { IsValid: true })
            return new SubjectCodeResult(id, SubjectType.NaturalPerson, code[..6], AllowListed: false);

        // Some early pilot codes (e.g. Xiamen 2015) are legal yet fail the check: the operator allow-lists them.
        if (hint != SubjectKindHint.NaturalPerson && allowedCreditCodes.Contains(code))
        {
            var type = code.Length >= 2 ? SubjectTypes.FromCreditCodePrefix(code[0], code[1]) ?? SubjectType.OtherOrganisation : SubjectType.OtherOrganisation;
            var region = code.Length >= 8 && !code.AsSpan(2, 6).ContainsAnyExceptInRange('0', '9') ? code.Substring(2, 6) : "000000";
            return new SubjectCodeResult(CodeCheck.Valid(code), type, region, AllowListed: true);
        }

        var failure = (credit, id) switch
        {
            (null, not null) => id,
            (not null, null) => credit,
            // Neither fits: explain as an ID number only when it looks like one (17 digits and a digit or X).
            _ when LooksLikeIdNumber(code) && !SubjectTypes.FromCreditCodePrefix(code[0], code[1]).HasValue => id!,
            _ => credit!,
        };
        return new SubjectCodeResult(failure, null, null, AllowListed: false);
    }

    private static bool LooksLikeIdNumber(string code) =>
        code.Length == ResidentId.Length && !code.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') && (char.IsAsciiDigit(code[17]) || code[17] == 'X');
}

public sealed record SubjectCodeResult(CodeCheck Check, SubjectType? Type, string? RegionCode, bool AllowListed)
{
    public bool IsValid => Check.IsValid;

    public string Code => Check.Normalized;
}
