using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;

namespace CreditProof.Rendering;

/// <summary>
/// Flate compression that readers accept without complaint. PDFsharp 6.2 writes its Flate streams as a zlib header and
/// raw deflate data without the Adler-32 checksum RFC 1950 requires (<c>qpdf --check</c> warns, MuPDF reports
/// "premature end of data"), and its encoder cannot be replaced. So a document is drawn and saved with PDFsharp's
/// compression off (<see cref="DisablePdfSharpCompression"/>; PDFsharp still compresses images its own way), read back
/// (<see cref="PdfSharp.Pdf.IO.PdfReader"/>), and <see cref="CompressAll"/> compresses every stream — the font subsets
/// and ToUnicode maps too, which PDFsharp only makes while saving — with <see cref="ZLibStream"/> and re-encodes
/// PDFsharp's own Flate streams, before the final save.
/// </summary>
public static partial class PdfStreams
{
    /// <summary>Sets the options that keep PDFsharp's own Flate encoder out of the document.</summary>
    public static void DisablePdfSharpCompression(PdfDocument document)
    {
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
    }

    /// <summary>
    /// Compresses every stream without a filter (content streams, form XObjects, fonts, ToUnicode maps) and re-encodes
    /// Flate streams that lack their checksum; the document's XMP metadata stays plain text, as PDF/A wants.
    /// </summary>
    public static void CompressAll(PdfDocument document)
    {
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is not PdfDictionary { Stream: { } stream } dictionary || dictionary.Elements.GetName("/Type") == "/Metadata")
                continue;
            var filter = dictionary.Elements["/Filter"];
            byte[] plain;
            if (filter is null)
            {
                if (stream.Value.Length < 64)
                    continue;
                plain = ToUnicodeBeyondBmp(stream.Value);
            }
            else if (filter is PdfName { Value: "/FlateDecode" } && LacksChecksum(stream.Value) is { } inflated)
            {
                plain = inflated;
            }
            else
            {
                continue;
            }

            var compressed = Zlib(plain);
            stream.Value = compressed;
            dictionary.Elements.SetName("/Filter", "/FlateDecode");
            dictionary.Elements.SetInteger("/Length", compressed.Length);
        }
    }

    /// <summary>
    /// PDFsharp writes a ToUnicode CMap destination beyond the BMP as the bare code point (<c>&lt;20BB7&gt;</c>), which
    /// readers cut to four digits (𠮷 became ₻); the CMap format wants UTF-16BE, a surrogate pair (<c>&lt;D842DFB7&gt;</c>).
    /// Source codes are two bytes (four digits), so every five- or six-digit token is such a destination.
    /// </summary>
    internal static byte[] ToUnicodeBeyondBmp(byte[] data)
    {
        if (data.Length > 1 << 20 || !data.AsSpan().StartsWith("/CIDInit"u8) || data.AsSpan().IndexOf("/Ordering (UCS)"u8) < 0)
            return data;
        var text = Encoding.ASCII.GetString(data);
        var fixedText = BeyondBmp().Replace(text, m =>
        {
            var codePoint = int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return codePoint is > 0xFFFF and <= 0x10FFFF
                ? "<" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint))) + ">"
                : m.Value;
        });
        return ReferenceEquals(fixedText, text) ? data : Encoding.ASCII.GetBytes(fixedText);
    }

    [GeneratedRegex("<([0-9A-Fa-f]{5,6})>")]
    private static partial Regex BeyondBmp();

    /// <summary>The inflated data when <paramref name="zlib"/> has a zlib header but no valid Adler-32 at its end; else null.</summary>
    private static byte[]? LacksChecksum(byte[] zlib)
    {
        if (zlib.Length < 6 || (zlib[0] & 0x0F) != 8 || ((zlib[0] << 8) | zlib[1]) % 31 != 0)
            return null;
        using var output = new MemoryStream(zlib.Length * 3);
        using (var deflate = new DeflateStream(new MemoryStream(zlib, 2, zlib.Length - 2), CompressionMode.Decompress))
            deflate.CopyTo(output);
        var plain = output.ToArray();
        var adler = Adler32(plain);
        var trailer = (uint)((zlib[^4] << 24) | (zlib[^3] << 16) | (zlib[^2] << 8) | zlib[^1]);
        return adler == trailer ? null : plain;
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        for (var start = 0; start < data.Length; start += 5552) // the longest run before the sums can overflow
        {
            foreach (var x in data.Slice(start, Math.Min(5552, data.Length - start)))
            {
                a += x;
                b += a;
            }

            a %= 65521;
            b %= 65521;
        }

        return (b << 16) | a;
    }

    /// <summary>RFC 1950 zlib data: header, deflate, Adler-32.</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream((data.Length / 3) + 64);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(data);
        return output.ToArray();
    }
}
