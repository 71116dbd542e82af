namespace CreditProof.Identifiers;

/// <summary>The outcome of checking an identifier: valid, or the first problem found, in Chinese and English.</summary>
public sealed record CodeCheck(bool IsValid, string Normalized, string? ProblemZh, string? ProblemEn, int? Position)
{
    public static CodeCheck Valid(string normalized) => new(true, normalized, null, null, null);

    public static CodeCheck Invalid(string normalized, string problemZh, string problemEn, int? position = null) =>
        new(false, normalized, problemZh, problemEn, position);

    public string Problem => ProblemEn is null ? "" : $"{ProblemZh} ({ProblemEn})";
}
