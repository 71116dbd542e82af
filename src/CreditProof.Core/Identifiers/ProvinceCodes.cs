using CreditProof.ReferenceData;

namespace CreditProof.Identifiers;

/// <summary>Province-level division codes (first two digits of a GB/T 2260 code).</summary>
public static class ProvinceCodes
{
    private static readonly Dictionary<string, string> Names =
        EmbeddedCsv.Read("cn-provinces.csv").ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsKnown(ReadOnlySpan<char> twoDigits) => Lookup.ContainsKey(twoDigits);

    public static string? NameOf(string twoDigits) => Names.GetValueOrDefault(twoDigits);

    public static IReadOnlyCollection<string> All => Names.Keys;
}
