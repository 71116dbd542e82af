using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;

namespace CreditProof.Rendering;

/// <summary>
/// Flate compression that readers accept without complaint, in one save. PDFsharp 6.2 writes its Flate streams as a
/// zlib header and raw deflate data without the Adler-32 checksum RFC 1950 requires (<c>qpdf --check</c> warns, MuPDF
/// reports "premature end of data"), and its encoder cannot be replaced. So a document is drawn with PDFsharp's
/// compression off (<see cref="DisablePdfSharpCompression"/>) and, just before its only save, <see cref="CompressBeforeSave"/>
/// has PDFsharp make the font subsets and ToUnicode maps it would otherwise make only while saving, then compresses
/// every stream with <see cref="ZLibStream"/> and re-encodes PDFsharp's own Flate streams (images). PDFsharp then
/// writes each stream as it is: a stream with a filter is never compressed again, and a font prepared once is not
/// subset again. (Before, the document was saved uncompressed, read back with <c>PdfReader</c> and saved again: the
/// object graph was built twice.)
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
    /// Makes the font subsets and ToUnicode maps now and compresses every stream without a filter (content streams,
    /// form XObjects, fonts, ToUnicode maps) and every Flate stream that lacks its checksum; the document's XMP metadata
    /// stays plain text, as PDF/A wants. Call it once, after the last drawing on the document's own fonts and before
    /// <see cref="PdfDocument.Save(Stream, bool)"/>. What the save itself adds (a signature's appearance and its small
    /// seal face) stays uncompressed.
    /// </summary>
    public static void CompressBeforeSave(PdfDocument document)
    {
        var replaced = PrepareFonts(document);
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is not PdfDictionary { Stream: { } stream } dictionary || dictionary.Elements.GetName("/Type") == "/Metadata"
                || replaced.Contains(dictionary))
                continue;
            var filter = dictionary.Elements["/Filter"];
            byte[] plain;
            if (filter is null)
            {
                if (stream.Value.Length < 64)
                    continue;
                plain = stream.Value;
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
    /// What <c>PdfDocument.Save</c> does first for fonts, done now: each font's subset (embedded once: its descriptor
    /// remembers it) and ToUnicode map. PDFsharp remakes a ToUnicode map at every save, so each font gets a plain copy
    /// of its map instead, with destinations beyond the BMP corrected (<see cref="ToUnicodeBeyondBmp"/>); the save's
    /// remade originals are then referenced by nothing and dropped with the document's other unreachable objects.
    /// </summary>
    private static HashSet<PdfDictionary> PrepareFonts(PdfDocument document)
    {
        PrepareFontTable(document);
        var replaced = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is not PdfDictionary font || font.Elements.GetName("/Type") != "/Font"
                || font.Elements.GetReference("/ToUnicode")?.Value is not PdfDictionary { Stream: { } map } original
                || original.GetType() == typeof(PdfDictionary))
                continue;
            var copy = new PdfDictionary(document);
            document.Internals.AddObject(copy);
            copy.CreateStream(ToUnicodeBeyondBmp(map.Value));
            copy.Elements.SetInteger("/Length", copy.Stream!.Length);
            font.Elements.SetReference("/ToUnicode", copy);
            replaced.Add(original);
        }

        return replaced;
    }

    /// <summary>
    /// <c>PdfDocument.FontTable.PrepareForSave()</c>: internal in PDFsharp 6.2 (the version the project stays on); if a
    /// later version renames it, every report fails loudly here and the PDF tests name the cause.
    /// </summary>
    private static readonly Action<PdfDocument> PrepareFontTable = BindPrepareFontTable();

    private static Action<PdfDocument> BindPrepareFontTable()
    {
        const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic;
        var table = typeof(PdfDocument).GetProperty("FontTable", Internal);
        var prepare = table?.PropertyType.GetMethod("PrepareForSave", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        if (table is null || prepare is null)
            return _ => throw new InvalidOperationException("PDFsharp no longer has PdfDocument.FontTable.PrepareForSave(); PdfStreams needs it to compress the fonts in one pass (PDFsharp 6.2.x).");
        return document => prepare.Invoke(table.GetValue(document), null);
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
