using System.Security.Cryptography;

namespace CreditProof.Reports;

/// <summary>
/// Report numbers and verification codes: random symbols from Crockford's base-32 alphabet (no I, L, O, U, so nothing
/// is misread) with a Damm check character over GF(32), which catches every single-character error and every swap of
/// neighbours. A report number has 15 random symbols (75 bits), a verification code 8 (40 bits); see docs/reports.md.
/// </summary>
public static class ReportNumbers
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int NumberRandomLength = 15;
    public const int CodeRandomLength = 8;

    /// <summary>A new report number, 16 symbols, shown as <c>XXXX-XXXX-XXXX-XXXX</c>.</summary>
    public static string NewNumber() => WithCheck(RandomSymbols(NumberRandomLength));

    /// <summary>A new verification code for paper copies, 9 symbols, shown as <c>XXX-XXX-XXX</c>.</summary>
    public static string NewVerificationCode() => WithCheck(RandomSymbols(CodeRandomLength));

    /// <summary>A verification code from (at least 8) uniformly random bytes: 5 bits of each of the first 8, and the check.</summary>
    public static string VerificationCodeFrom(ReadOnlySpan<byte> random)
    {
        Span<char> chars = stackalloc char[CodeRandomLength];
        for (var i = 0; i < CodeRandomLength; i++)
            chars[i] = Alphabet[random[i] & 31];
        return WithCheck(new string(chars));
    }

    /// <summary>
    /// A report's verification code, derived from its number under the typed-code key (<see cref="Signing.CodeHasher.Derive"/>,
    /// its own label): the holder's page can show it again while only its hash is stored. Whoever holds the key could
    /// already try all 2⁴⁰ codes against the hash, so deriving them adds no exposure; without the key a number reveals
    /// nothing about its code.
    /// </summary>
    public static string VerificationCodeFor(this Signing.CodeHasher codes, string reportNumber) =>
        VerificationCodeFrom(codes.Derive("report-verification-code:" + reportNumber));

    public static string FormatNumber(string number) => Group(number, 4);

    public static string FormatCode(string code) => Group(code, 3);

    /// <summary>Normalises what a person typed (case, dashes, spaces, O→0, I/L→1) and checks the check character.</summary>
    public static string? Parse(string? typed, int length)
    {
        if (typed is null)
            return null;
        Span<char> buffer = stackalloc char[length];
        var n = 0;
        foreach (var raw in typed)
        {
            if (raw is '-' or ' ' or '\u3000')
                continue;
            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0 || n == length)
                return null;
            buffer[n++] = c;
        }

        return n == length && CheckCharacter(buffer[..(length - 1)]) == buffer[length - 1] ? new string(buffer) : null;
    }

    public static string? ParseNumber(string? typed) => Parse(typed, NumberRandomLength + 1);

    public static string? ParseCode(string? typed) => Parse(typed, CodeRandomLength + 1);

    /// <summary>
    /// Damm's check over the quasigroup x∘y = 2·x + y in GF(32) (polynomial x⁵ + x² + 1): the running value r becomes
    /// 2·r + symbol; the check symbol brings it to 0. Since 2 ≠ 1, every single substitution and every swap of
    /// neighbours (the check symbol included) changes the result.
    /// </summary>
    public static char CheckCharacter(ReadOnlySpan<char> symbols)
    {
        var r = 0;
        foreach (var c in symbols)
            r = Times2(r) ^ Alphabet.IndexOf(c, StringComparison.Ordinal);
        return Alphabet[Times2(r)];
    }

    private static int Times2(int value)
    {
        var t = value << 1;
        return (t & 0x20) != 0 ? t ^ 0x25 : t;
    }

    private static string RandomSymbols(int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    private static string WithCheck(string body) => body + CheckCharacter(body);

    private static string Group(string value, int size) =>
        string.Join('-', Enumerable.Range(0, (value.Length + size - 1) / size).Select(i => value.Substring(i * size, Math.Min(size, value.Length - (i * size)))));
}
