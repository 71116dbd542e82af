using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CreditProof.Signing;

/// <summary>Operator API keys: 256 random bits, base64url; only the SHA-256 (hex) goes into configuration.</summary>
public static class OperatorApiKeys
{
    public static string Generate() => "cpk_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
