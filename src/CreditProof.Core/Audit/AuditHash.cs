using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CreditProof.Audit;

/// <summary>
/// The chain's hash: SHA-256 over a domain tag, the previous position's hash and every field of the entry, each
/// length-prefixed (so no two entries encode alike). Position 1 links to 32 zero bytes.
/// </summary>
public static class AuditHash
{
    public static readonly byte[] Genesis = new byte[32];

    private static readonly byte[] Tag = "creditproof-audit-v1"u8.ToArray();

    public static byte[] Of(ReadOnlySpan<byte> previous, AuditEntry e)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Tag);
        hash.AppendData(previous);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, e.Id);
        hash.AppendData(number);
        Field(hash, e.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
        Field(hash, e.Actor);
        Field(hash, e.Role);
        Field(hash, e.Action);
        Field(hash, e.ObjectType);
        Field(hash, e.ObjectId);
        Field(hash, e.SubjectId?.ToString("D"));
        Field(hash, e.Client);
        Field(hash, ((int)e.Outcome).ToString(CultureInfo.InvariantCulture));
        Field(hash, e.Detail);
        return hash.GetHashAndReset();
    }

    /// <summary>What a checkpoint signs: tag, position, chain hash and time (Unix milliseconds).</summary>
    public static byte[] CheckpointMessage(long position, ReadOnlySpan<byte> chainHash, DateTime at)
    {
        var message = new byte[Tag.Length + 11 + 8 + 32 + 8];
        var span = message.AsSpan();
        Tag.CopyTo(span);
        "-checkpoint"u8.CopyTo(span[Tag.Length..]);
        var offset = Tag.Length + 11;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], position);
        chainHash.CopyTo(span[(offset + 8)..]);
        BinaryPrimitives.WriteInt64BigEndian(span[(offset + 40)..], new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
        return message;
    }

    /// <summary>Times as both databases store them exactly: microseconds (PostgreSQL's precision).</summary>
    public static DateTime Stored(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static void Field(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
