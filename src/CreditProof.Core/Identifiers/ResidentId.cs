using System.Globalization;
using System.Text.RegularExpressions;

namespace CreditProof.Identifiers;

/// <summary>Citizen identity number (公民身份号码, GB 11643-1999): 6-digit address, 8-digit birth date, 3-digit sequence, check character.</summary>
public static partial class ResidentId
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";
    private static readonly DateOnly EarliestBirthDate = new(1850, 1, 1);

    public static CodeCheck Check(string? input, DateOnly today)
    {
        var id = (input ?? "").Trim().ToUpperInvariant();
        if (id.Length == 0)
            return CodeCheck.Invalid(id, "身份证号码为空", "the ID number is empty");
        if (id.Length == 15)
            return CodeCheck.Invalid(id, "不接受15位旧身份证号码，请使用18位号码", "15-digit ID numbers are not accepted; use the 18-digit number");
        if (id.Length != Length)
            return CodeCheck.Invalid(id, $"长度应为18位，实际为{id.Length}位", $"must be 18 characters, found {id.Length}");
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
                return CodeCheck.Invalid(id, $"第{i + 1}位应为数字", $"character {i + 1} must be a digit", i + 1);
        }

        if (!char.IsAsciiDigit(id[17]) && id[17] != 'X')
            return CodeCheck.Invalid(id, "第18位应为数字或X", "character 18 must be a digit or X", 18);

        if (!ProvinceCodes.IsKnown(id.AsSpan(0, 2)))
            return CodeCheck.Invalid(id, $"地址码“{id[..6]}”的省级代码“{id[..2]}”不存在", $"address code '{id[..6]}' starts with unknown province code '{id[..2]}'", 1);

        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth < EarliestBirthDate || birth > today)
            return CodeCheck.Invalid(id, $"出生日期“{id.Substring(6, 8)}”无效", $"birth date '{id.Substring(6, 8)}' is not a valid past date", 7);

        var check = CheckCharacter(id.AsSpan(0, 17));
        if (check != id[17])
            return CodeCheck.Invalid(id, $"第18位校验码错误：应为“{check}”，实际为“{id[17]}”", $"check character should be '{check}', found '{id[17]}'", 18);

        return CodeCheck.Valid(id);
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public static string Compose(string addressCode, DateOnly birthDate, int sequence)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{addressCode}{birthDate:yyyyMMdd}{sequence:000}");
        return first17 + CheckCharacter(first17);
    }

    /// <summary>Masks an ID number for display: address code and last four stay, the birth date and sequence are hidden.</summary>
    public static string Mask(string id) =>
        id.Length == Length ? string.Concat(id.AsSpan(0, 6), "********", id.AsSpan(14, 4)) : new string('*', id.Length);

    /// <summary>Masks every 18-character ID number found in free text (log messages, remarks).</summary>
    public static string MaskAll(string text) => IdNumberPattern().Replace(text, m => Mask(m.Value.ToUpperInvariant()));

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-8][0-9]{16}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();
}
