using System.Buffers.Binary;
using System.Text;
using CreditProof.Reports;

namespace CreditProof.Transparency;

/// <summary>
/// What the log records of an issued report, 92 bytes: <c>"CPT1"</c> ‖ report number (16 ASCII symbols) ‖
/// SHA-256 of the signed canonical content ‖ SHA-256 of the PDF ‖ issue time (uint64 big-endian, seconds since 1970 UTC).
/// Derived from the stored report row alone, so a changed row no longer matches its leaf.
/// </summary>
public static class LogEntry
{
    public const int Length = 4 + 16 + 32 + 32 + 8;
    private static ReadOnlySpan<byte> Magic => "CPT1"u8;

    public static byte[] Encode(string number, string contentSha256Hex, string pdfSha256Hex, DateTime issuedAtUtc)
    {
        if (number.Length != 16 || Encoding.ASCII.GetByteCount(number) != 16)
            throw new ArgumentException($"A report number has 16 ASCII symbols: '{number}'.", nameof(number));
        var entry = new byte[Length];
        Magic.CopyTo(entry);
        Encoding.ASCII.GetBytes(number, entry.AsSpan(4, 16));
        if (Convert.FromHexString(contentSha256Hex, entry.AsSpan(20, 32), out _, out var c) != System.Buffers.OperationStatus.Done || c != 32)
            throw new ArgumentException("The content hash is not 32 bytes of hex.", nameof(contentSha256Hex));
        if (Convert.FromHexString(pdfSha256Hex, entry.AsSpan(52, 32), out _, out var p) != System.Buffers.OperationStatus.Done || p != 32)
            throw new ArgumentException("The PDF hash is not 32 bytes of hex.", nameof(pdfSha256Hex));
        BinaryPrimitives.WriteInt64BigEndian(entry.AsSpan(84), new DateTimeOffset(DateTime.SpecifyKind(issuedAtUtc, DateTimeKind.Utc)).ToUnixTimeSeconds());
        return entry;
    }

    public static byte[] Encode(IssuedReport report) => Encode(report.Number, report.ContentSha256, report.PdfSha256, report.IssuedAt);

    /// <summary>The RFC 9162 leaf hash SHA-256(0x00 ‖ entry).</summary>
    public static byte[] LeafHash(IssuedReport report) => MerkleTree.LeafHash(Encode(report));

    public static byte[] LeafHash(string number, string contentSha256Hex, string pdfSha256Hex, DateTime issuedAtUtc) =>
        MerkleTree.LeafHash(Encode(number, contentSha256Hex, pdfSha256Hex, issuedAtUtc));
}
