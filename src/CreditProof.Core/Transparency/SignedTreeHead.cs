using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditProof.Signing;

namespace CreditProof.Transparency;

/// <summary>One signature of a tree head: the key (as in the trust list), its algorithm and the r‖s value.</summary>
public sealed record TreeHeadSignature(
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("value")] string Value);

/// <summary>
/// A signed tree head (签名树头) as published at <c>/.well-known/creditproof/tree-head</c>: the log's size and root at a
/// time, signed by each of the platform's active keys (SM2 and, where one is active, ECDSA P-256). The signatures cover
/// <see cref="Message"/>, not the JSON, so a verifier needs no canonical JSON.
/// </summary>
public sealed record SignedTreeHead(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("tree_size")] long TreeSize,
    [property: JsonPropertyName("root_hash")] string RootHashBase64,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("signatures")] IReadOnlyList<TreeHeadSignature> Signatures)
{
    private static readonly byte[] Context = "CreditProof tree head v1\0"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [JsonIgnore]
    public byte[] RootHash => Convert.FromBase64String(RootHashBase64);

    [JsonIgnore]
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);

    /// <summary>
    /// <c>"CreditProof tree head v1\0" ‖ issuer (UTF-8) ‖ 0x00 ‖ tree_size (uint64 BE) ‖ timestamp (uint64 BE, ms) ‖ root_hash (32 bytes)</c>.
    /// </summary>
    public static byte[] Message(string issuer, long treeSize, long timestamp, ReadOnlySpan<byte> rootHash)
    {
        if (rootHash.Length != MerkleTree.HashSize)
            throw new ArgumentException("A root hash has 32 bytes.", nameof(rootHash));
        var issuerBytes = Encoding.UTF8.GetBytes(issuer);
        var message = new byte[Context.Length + issuerBytes.Length + 1 + 8 + 8 + MerkleTree.HashSize];
        var span = message.AsSpan();
        Context.CopyTo(span);
        span = span[Context.Length..];
        issuerBytes.CopyTo(span);
        span[issuerBytes.Length] = 0;
        span = span[(issuerBytes.Length + 1)..];
        BinaryPrimitives.WriteInt64BigEndian(span, treeSize);
        BinaryPrimitives.WriteInt64BigEndian(span[8..], timestamp);
        rootHash.CopyTo(span[16..]);
        return message;
    }

    public static SignedTreeHead Sign(string issuer, long treeSize, ReadOnlySpan<byte> rootHash, DateTimeOffset time, IReadOnlyList<LoadedKey> keys)
    {
        if (keys.Count == 0)
            throw new InvalidOperationException("A tree head needs at least one active signing key.");
        var timestamp = time.ToUnixTimeMilliseconds();
        var message = Message(issuer, treeSize, timestamp, rootHash);
        return new SignedTreeHead(issuer, treeSize, Convert.ToBase64String(rootHash), timestamp,
            keys.Select(k => new TreeHeadSignature(k.Id, k.Algorithm.Name(), Convert.ToBase64String(k.Sign(message)))).ToList());
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a published head; throws <see cref="InvalidDataException"/> saying what is wrong with it.</summary>
    public static SignedTreeHead FromJson(string json)
    {
        try
        {
            var head = JsonSerializer.Deserialize<SignedTreeHead>(json, Json) ?? throw new InvalidDataException("The tree head is empty.");
            if (head.Issuer is null || head.RootHashBase64 is null || head.Signatures is null || head.TreeSize < 0)
                throw new InvalidDataException("The tree head lacks issuer, tree_size, root_hash or signatures.");
            if (head.RootHash.Length != MerkleTree.HashSize)
                throw new InvalidDataException("The tree head's root_hash is not 32 bytes.");
            return head;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidDataException($"The tree head is malformed: {e.Message}");
        }
    }

    /// <summary>
    /// Null when every signature is valid and made by a key of <paramref name="trust"/> belonging to the head's issuer
    /// (and there is at least one); otherwise what failed.
    /// </summary>
    public string? Problem(TrustList trust)
    {
        if (Signatures.Count == 0)
            return $"the tree head of size {TreeSize} carries no signature";
        var message = Message(Issuer, TreeSize, Timestamp, RootHash);
        foreach (var s in Signatures)
        {
            var key = trust.Find(s.KeyId);
            if (key is null)
                return $"the tree head of size {TreeSize} is signed with key {s.KeyId}, which is not in the trust list";
            if (key.Issuer is { } owner && !string.Equals(owner, Issuer, StringComparison.Ordinal))
                return $"the tree head claims issuer {Issuer} but key {s.KeyId} belongs to {owner}";
            if (!string.Equals(key.Algorithm.Name(), s.Algorithm, StringComparison.Ordinal))
                return $"the tree head's signature by {s.KeyId} names algorithm {s.Algorithm}, the key is {key.Algorithm.Name()}";
            byte[] value;
            try
            {
                value = Convert.FromBase64String(s.Value);
            }
            catch (FormatException)
            {
                return $"the tree head's signature by {s.KeyId} is not base64";
            }

            using var verifier = SignatureAlgorithms.CreateVerifier(key.Algorithm, key.PublicKey);
            if (!verifier.Verify(message, value))
                return $"the tree head of size {TreeSize}: signature by key {s.KeyId} ({s.Algorithm}) is not valid";
        }

        return null;
    }
}
