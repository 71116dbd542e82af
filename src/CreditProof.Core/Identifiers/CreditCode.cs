using System.Globalization;

namespace CreditProof.Identifiers;

/// <summary>Unified social credit code (统一社会信用代码, GB 32100-2015) with the inner organisation code check (GB 11714).</summary>
public static class CreditCode
{
    public const int Length = 18;
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static CodeCheck Check(string? input)
    {
        var code = (input ?? "").Trim().ToUpperInvariant();
        if (code.Length == 0)
            return CodeCheck.Invalid(code, "代码为空", "the code is empty");
        if (code.Length != Length)
            return CodeCheck.Invalid(code, $"长度应为18位，实际为{code.Length}位", $"must be 18 characters, found {code.Length}");

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(code[i], StringComparison.Ordinal) < 0)
                return CodeCheck.Invalid(code, $"第{i + 1}位字符“{code[i]}”不在代码字符集中（不使用I、O、Z、S、V）",
                    $"character {i + 1} '{code[i]}' is not in the code alphabet (I, O, Z, S, V are never used)", i + 1);
        }

        if (SubjectTypes.FromCreditCodePrefix(code[0], code[1]) is null)
            return CodeCheck.Invalid(code, $"第1–2位“{code[..2]}”不是已知的登记管理部门和机构类别", $"positions 1–2 '{code[..2]}' are not a known registration authority and entity type", 1);

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
                return CodeCheck.Invalid(code, $"第3–8位应为行政区划代码（数字），第{i + 1}位是“{code[i]}”",
                    $"positions 3–8 must be a division code (digits); character {i + 1} is '{code[i]}'", i + 1);
        }

        if (!ProvinceCodes.IsKnown(code.AsSpan(2, 2)))
            return CodeCheck.Invalid(code, $"行政区划代码“{code[2..8]}”的省级代码“{code[2..4]}”不存在",
                $"division code '{code[2..8]}' starts with unknown province code '{code[2..4]}'", 3);

        var organisationCheck = OrganisationCheckCharacter(code.AsSpan(8, 8));
        if (organisationCheck != code[16])
            return CodeCheck.Invalid(code, $"组织机构代码（第9–17位）校验码错误：应为“{organisationCheck}”，实际为“{code[16]}”",
                $"the organisation code (positions 9–17) check character should be '{organisationCheck}', found '{code[16]}'", 17);

        var check = CheckCharacter(code.AsSpan(0, 17));
        if (check != code[17])
            return CodeCheck.Invalid(code, $"第18位校验码错误：应为“{check}”，实际为“{code[17]}”",
                $"check character (position 18) should be '{check}', found '{code[17]}'", 18);

        return CodeCheck.Valid(code);
    }

    public static bool IsValid(string? input) => Check(input).IsValid;

    /// <summary>The check character (position 18) for the first 17 characters.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
            throw new ArgumentException("Exactly 17 characters are needed.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
                throw new ArgumentException($"Character {i + 1} '{first17[i]}' is not in the credit code alphabet.", nameof(first17));
            sum += value * Weights[i];
        }

        var c = 31 - (sum % 31);
        return Alphabet[c == 31 ? 0 : c];
    }

    /// <summary>The GB 11714 check character for the 8-character organisation code body (positions 9–16).</summary>
    public static char OrganisationCheckCharacter(ReadOnlySpan<char> body8)
    {
        if (body8.Length != 8)
            throw new ArgumentException("Exactly 8 characters are needed.", nameof(body8));
        var sum = 0;
        for (var i = 0; i < 8; i++)
            sum += OrganisationValue(body8[i]) * OrganisationWeights[i];
        var c = 11 - (sum % 11);
        return c switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + c),
        };
    }

    private static int OrganisationValue(char ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= 'A' and <= 'Z' => ch - 'A' + 10,
        _ => throw new ArgumentException($"'{ch}' is not a valid organisation code character."),
    };

    /// <summary>Builds a valid code from its parts (used by the demo generator and tests).</summary>
    public static string Compose(char authority, char entityType, string regionCode, ReadOnlySpan<char> organisationBody8)
    {
        if (regionCode.Length != 6)
            throw new ArgumentException("A division code has 6 digits.", nameof(regionCode));
        Span<char> chars = stackalloc char[18];
        chars[0] = authority;
        chars[1] = entityType;
        regionCode.AsSpan().CopyTo(chars[2..]);
        organisationBody8.CopyTo(chars[8..]);
        chars[16] = OrganisationCheckCharacter(organisationBody8);
        chars[17] = CheckCharacter(chars[..17]);
        return new string(chars);
    }

    public static SubjectType SubjectTypeOf(string validCode) =>
        SubjectTypes.FromCreditCodePrefix(validCode[0], validCode[1])
        ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{validCode}' has no known subject type."), nameof(validCode));

    public static string RegionOf(string validCode) => validCode.Substring(2, 6);
}
