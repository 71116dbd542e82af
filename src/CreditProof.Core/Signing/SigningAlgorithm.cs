namespace CreditProof.Signing;

/// <summary>The signature algorithms the platform signs reports with. SM2 is the default (national standard).</summary>
public enum SigningAlgorithm
{
    /// <summary>SM2 signature with SM3 digest (GM/T 0003, GM/T 0004), user id <c>1234567812345678</c>, signature r‖s (64 bytes).</summary>
    Sm2 = 1,

    /// <summary>ECDSA on P-256 with SHA-256, signature r‖s (64 bytes); COSE ES256.</summary>
    EcdsaP256 = 2,
}

public static class SigningAlgorithms
{
    /// <summary>COSE algorithm identifier for SM2/SM3. None is registered with IANA, so a private-use value (&lt; −65536) is used; see docs/qr-format.md.</summary>
    public const int CoseSm2Sm3 = -65537;

    /// <summary>COSE ES256 (RFC 9053).</summary>
    public const int CoseEs256 = -7;

    public static int CoseIdentifier(this SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.Sm2 => CoseSm2Sm3,
        SigningAlgorithm.EcdsaP256 => CoseEs256,
    };

    public static SigningAlgorithm? FromCoseIdentifier(long value) => value switch
    {
        CoseSm2Sm3 => SigningAlgorithm.Sm2,
        CoseEs256 => SigningAlgorithm.EcdsaP256,
        _ => null,
    };

    public static string Name(this SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.Sm2 => "sm2",
        SigningAlgorithm.EcdsaP256 => "p256",
    };

    public static SigningAlgorithm Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sm2" or "sm2-sm3" or "sm2sm3" => SigningAlgorithm.Sm2,
        "p256" or "p-256" or "ecdsa" or "ecdsa-p256" or "es256" => SigningAlgorithm.EcdsaP256,
        _ => throw new ArgumentException($"Unknown signing algorithm '{value}': use 'sm2' (default) or 'p256'."),
    };
}
