using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditProof.Transparency;

/// <summary>
/// <c>GET /api/v1/transparency/proof/{number}</c>: a report's audit path (RFC 9162 §2.1.3) against the signed head it
/// carries. Hashes are base64; the leaf is SHA-256(0x00 ‖ <see cref="LogEntry"/>).
/// </summary>
public sealed record InclusionProofDocument(
    [property: JsonPropertyName("report_number")] string ReportNumber,
    [property: JsonPropertyName("leaf_index")] long LeafIndex,
    [property: JsonPropertyName("tree_size")] long TreeSize,
    [property: JsonPropertyName("leaf_hash")] string LeafHash,
    [property: JsonPropertyName("audit_path")] IReadOnlyList<string> AuditPath,
    [property: JsonPropertyName("tree_head")] SignedTreeHead TreeHead)
{
    public static InclusionProofDocument From(InclusionProof p) => new(p.ReportNumber, p.LeafIndex, p.Head.TreeSize,
        Convert.ToBase64String(p.LeafHash), p.AuditPath.Select(Convert.ToBase64String).ToList(), p.Head);
}

/// <summary><c>GET /api/v1/transparency/consistency?first=&amp;second=</c>: PROOF(first, D[second]) of RFC 9162 §2.1.4, hashes in base64.</summary>
public sealed record ConsistencyProofDocument(
    [property: JsonPropertyName("first")] long First,
    [property: JsonPropertyName("second")] long Second,
    [property: JsonPropertyName("consistency_path")] IReadOnlyList<string> ConsistencyPath)
{
    public IReadOnlyList<byte[]> Hashes() => ConsistencyPath.Select(Convert.FromBase64String).ToList();

    public static ConsistencyProofDocument From(long first, long second, IReadOnlyList<byte[]> proof) =>
        new(first, second, proof.Select(Convert.ToBase64String).ToList());

    public static ConsistencyProofDocument FromJson(string json)
    {
        try
        {
            var proof = JsonSerializer.Deserialize<ConsistencyProofDocument>(json) ?? throw new InvalidDataException("The consistency proof is empty.");
            if (proof.ConsistencyPath is null)
                throw new InvalidDataException("The consistency proof lacks consistency_path.");
            _ = proof.Hashes();
            return proof;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidDataException($"The consistency proof is malformed: {e.Message}");
        }
    }
}
