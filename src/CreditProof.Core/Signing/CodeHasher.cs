using System.Security.Cryptography;
using System.Text;

namespace CreditProof.Signing;

/// <summary>
/// Hashes the codes people type (verification codes, share codes) with HMAC-SHA256 under a key derived from the
/// key-encryption key. A copy of the database alone therefore does not let anyone try all 2⁴⁰ verification codes offline;
/// online guessing is stopped by the rate limit.
/// </summary>
public sealed class CodeHasher(MasterKey masterKey)
{
    private readonly Lazy<byte[]> _key = new(() => masterKey.DeriveKey("CreditProof typed-code hashing v1"));

    public byte[] Hash(string code) => HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(code));

    public string HashHex(string code) => Convert.ToHexStringLower(Hash(code));
}
