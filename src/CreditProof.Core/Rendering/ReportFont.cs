using System.Text;
using PdfSharp.Fonts;

namespace CreditProof.Rendering;

/// <summary>
/// The CJK font reports are set in, loaded once per process and handed to PDFsharp through a font resolver.
/// The font is split at start-up into two faces (see <see cref="TrueTypeFace"/>): <see cref="FamilyName"/> holds Latin,
/// punctuation and the GB 2312 characters — everything a typical report uses —, <see cref="MoreFamilyName"/> all the
/// font's other characters (rare ideographs, Hangul, …). Text is drawn in runs of one face each, so a report embeds
/// a small subset of the first face and, only when it uses a rare character, a subset of the second.
/// PDFsharp's resolver is global, so the first configured font wins; asking for a different one later is an error.
/// </summary>
public static class ReportFont
{
    public const string FamilyName = "CreditProofCjk";
    public const string MoreFamilyName = "CreditProofCjkMore";
    private static readonly Lock Gate = new();
    private static string? _installedPath;
    private static bool[] _inMore = new bool[char.MaxValue + 1];

    /// <summary>Loads the font file (a .ttf, or a face of a .ttc) and installs it; throws a clear error when it is missing.</summary>
    public static void Install(string path, int faceIndex = 0)
    {
        lock (Gate)
        {
            var key = $"{Path.GetFullPath(path)}#{faceIndex}";
            if (_installedPath is not null)
            {
                if (!string.Equals(_installedPath, key, StringComparison.Ordinal))
                    throw new InvalidOperationException($"The report font is already {_installedPath}; PDFsharp cannot switch to {key} in the same process.");
                return;
            }

            var bytes = Load(path, faceIndex);
            var (core, more) = Split(bytes, path);
            var inMore = new bool[char.MaxValue + 1];
            foreach (var c in more.Keys.Where(c => c <= char.MaxValue))
                inMore[c] = true;
            var name = Path.GetFileNameWithoutExtension(path);
            GlobalFontSettings.FontResolver = new Resolver(
                TrueTypeFace.Build(bytes, core, $"{name}-CreditProof"),
                more.Count > 0 ? TrueTypeFace.Build(bytes, more, $"{name}-CreditProofMore") : null);
            _inMore = inMore;
            _installedPath = key;
        }
    }

    /// <summary>
    /// True when <paramref name="c"/> is drawn with the <see cref="MoreFamilyName"/> face. Surrogates (characters beyond
    /// the BMP) always are, so a pair is never split between faces.
    /// </summary>
    public static bool InMoreFace(char c) => char.IsSurrogate(c) || _inMore[c];

    public static byte[] Load(string path, int faceIndex)
    {
        if (!File.Exists(path))
            throw new ReportFontMissingException(path);
        var bytes = File.ReadAllBytes(path);
        return TrueTypeCollection.IsCollection(bytes) ? TrueTypeCollection.ExtractFace(bytes, faceIndex) : bytes;
    }

    /// <summary>The font's characters, split into the common ones (Latin, punctuation, GB 2312) and the rest.</summary>
    public static (Dictionary<int, int> Core, Dictionary<int, int> More) Split(byte[] font, string path)
    {
        Dictionary<int, int> all;
        try
        {
            all = TrueTypeFace.CharacterMap(font);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"The report font '{path}' cannot be read as a TrueType font: {e.Message}", e);
        }

        var common = CommonCharacters();
        var core = new Dictionary<int, int>();
        var more = new Dictionary<int, int>();
        foreach (var (c, g) in all)
            (common.Contains(c) ? core : more)[c] = g;
        return (core, more);
    }

    /// <summary>Latin, general and CJK punctuation, full-width forms and GB 2312 (6,763 hanzi and 682 symbols).</summary>
    private static HashSet<int> CommonCharacters()
    {
        var set = new HashSet<int>();
        void Range(int from, int to)
        {
            for (var c = from; c <= to; c++)
                set.Add(c);
        }

        Range(0x0020, 0x024F); // Latin, Latin-1, Latin Extended-A/B
        Range(0x2000, 0x206F); // general punctuation
        Range(0x2100, 0x218F); // letterlike symbols, number forms (№, Ⅰ)
        Range(0x2460, 0x24FF); // enclosed alphanumerics (①)
        Range(0x25A0, 0x25FF); // geometric shapes (■ □ ○ ●)
        Range(0x3000, 0x303F); // CJK symbols and punctuation
        Range(0xFF00, 0xFFEF); // half-width and full-width forms
        var gb2312 = CodePagesEncodingProvider.Instance.GetEncoding(936)
            ?? throw new InvalidOperationException("Code page 936 (GB 2312/GBK) is not available.");
        Span<byte> pair = stackalloc byte[2];
        Span<char> decoded = stackalloc char[2];
        for (var high = 0xA1; high <= 0xF7; high++)
        {
            for (var low = 0xA1; low <= 0xFE; low++)
            {
                pair[0] = (byte)high;
                pair[1] = (byte)low;
                if (gb2312.GetChars(pair, decoded) == 1 && decoded[0] is not ('?' or (>= '\uD800' and <= '\uF8FF'))) // not surrogates or private use
                    set.Add(decoded[0]);
            }
        }

        return set;
    }

    private sealed class Resolver(byte[] core, byte[]? more) : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(familyName == MoreFamilyName && more is not null ? MoreFamilyName : FamilyName, mustSimulateBold: bold, mustSimulateItalic: false);

        public byte[] GetFont(string faceName) => faceName == MoreFamilyName && more is not null ? more : core;
    }
}

public sealed class ReportFontMissingException(string path) : InvalidOperationException(
    $"The report font '{path}' does not exist. Install it (Debian: `apt-get install fonts-wqy-microhei`) or set CreditProof:Reports:FontPath to a TrueType font (.ttf/.ttc) with Chinese glyphs.")
{
    public string FontPath { get; } = path;
}
