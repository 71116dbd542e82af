using System.Security.Cryptography;
using System.Text;

namespace CreditProof.Signing;

/// <summary>
/// Hashes the codes people type (verification codes, share codes, API keys) with HMAC-SHA256 under a key stored only
/// wrapped by the key-encryption key (<c>personal_data_keys</c>, purpose <c>typed-code-hashing</c>; first created as the
/// key this class used to derive from the key-encryption key, so existing hashes stay valid). A copy of the database
/// alone therefore does not let anyone try all 2⁴⁰ verification codes offline; online guessing is stopped by the rate limit.
/// </summary>
public sealed class CodeHasher(Func<byte[]> key)
{
    /// <summary>The key-derivation label of the key this class used before keys were stored (kept for continuity).</summary>
    public const string LegacyDerivationPurpose = "CreditProof typed-code hashing v1";

    private readonly Lazy<byte[]> _key = new(key);

    public byte[] Hash(string code) => HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(code));

    public string HashHex(string code) => Convert.ToHexStringLower(Hash(code));

    /// <summary>A keyed value for <paramref name="label"/> (HMAC under the same key), e.g. a report's verification code (<c>ReportNumbers.VerificationCodeFor</c>).</summary>
    public byte[] Derive(string label) => HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(label));
}
