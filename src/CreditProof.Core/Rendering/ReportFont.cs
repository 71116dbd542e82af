using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Fonts;

namespace CreditProof.Rendering;

/// <summary>
/// The CJK font reports are set in, loaded once per process and handed to PDFsharp through a font resolver.
/// The font is split at start-up into two faces (see <see cref="TrueTypeFace"/>): <see cref="FamilyName"/> holds Latin,
/// punctuation and the GB 2312 characters — everything a typical report uses —, <see cref="MoreFamilyName"/> all the
/// font's other characters (rare ideographs, Hangul, …). Text is drawn in runs of one face each, so a report embeds
/// a small subset of the first face and, only when it uses a rare character, a subset of the second.
/// Characters the font lacks altogether come from fallback fonts (<see cref="FamilyOf"/>).
/// PDFsharp's resolver is global, so the first configured font wins; asking for a different one later is an error.
/// </summary>
public static class ReportFont
{
    public const string FamilyName = "CreditProofCjk";
    public const string MoreFamilyName = "CreditProofCjkMore";

    /// <summary>Prefix of the one-character families cut from the fallback fonts (see <see cref="FamilyOf"/>).</summary>
    public const string FallbackFamilyPrefix = "CreditProofFallback-";

    /// <summary>Prefix of the families that hold only a seal's characters (see <see cref="SealFamily"/>).</summary>
    public const string SealFamilyPrefix = "CreditProofSeal-";
    private static readonly ConcurrentDictionary<string, string> SealCharacters = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static string? _installedPath;
    private static bool[] _inCore = new bool[char.MaxValue + 1];
    private static HashSet<int> _inMore = [];
    private static Lazy<IReadOnlyList<Fallback>> _fallbacks = new(() => []);

    /// <summary>
    /// Loads the font file (a .ttf, or a face of a .ttc) and installs it; throws a clear error when it is missing.
    /// <paramref name="fallbackPaths"/> are TrueType fonts read (lazily, at the first character the main font lacks) for
    /// characters the main font does not have, such as CJK Extension B (𠮷); a missing fallback file is skipped.
    /// </summary>
    public static void Install(string path, int faceIndex = 0, IReadOnlyList<string>? fallbackPaths = null)
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
            var inCore = new bool[char.MaxValue + 1];
            foreach (var c in core.Keys.Where(c => c <= char.MaxValue))
                inCore[c] = true;
            var name = Path.GetFileNameWithoutExtension(path);
            var fallbacks = new Lazy<IReadOnlyList<Fallback>>(() => LoadFallbacks(fallbackPaths ?? []), LazyThreadSafetyMode.ExecutionAndPublication);
            GlobalFontSettings.FontResolver = new Resolver(bytes, name,
                TrueTypeFace.Build(bytes, core, $"{name}-CreditProof"),
                more.Count > 0 ? TrueTypeFace.Build(bytes, more, $"{name}-CreditProofMore") : null,
                fallbacks);
            _inCore = inCore;
            _inMore = [.. more.Keys];
            _fallbacks = fallbacks;
            _installedPath = key;
        }
    }

    /// <summary>
    /// The family that draws <paramref name="codePoint"/>: the common face, the second face, a one-character family cut
    /// from the first fallback font that has it, or null when no installed font has it (it then prints as an empty box).
    /// </summary>
    public static string? FamilyOf(int codePoint)
    {
        if (codePoint <= char.MaxValue && _inCore[codePoint])
            return FamilyName;
        if (_inMore.Contains(codePoint))
            return MoreFamilyName;
        if (codePoint is < 0x20 or 0xFEFF)
            return FamilyName; // controls and the zero-width no-break space: nothing to draw
        return _fallbacks.Value.Any(f => f.Characters.ContainsKey(codePoint)) ? FallbackFamilyPrefix + codePoint.ToString("X", CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// A family holding just the characters of <paramref name="text"/>, for the seal drawn into the signature's
    /// appearance while the signed file is saved: a few dozen glyphs, so its embedded subset stays a few KB.
    /// </summary>
    public static string SealFamily(string text)
    {
        var characters = string.Concat(text.EnumerateRunes().Distinct().Order());
        var name = SealFamilyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(characters)))[..16];
        SealCharacters.TryAdd(name, characters);
        return name;
    }

    /// <summary>True when <paramref name="codePoint"/> is drawn with the <see cref="MoreFamilyName"/> face.</summary>
    public static bool InMoreFace(int codePoint) => _inMore.Contains(codePoint);

    private static List<Fallback> LoadFallbacks(IReadOnlyList<string> paths)
    {
        var loaded = new List<Fallback>();
        foreach (var path in paths.Where(File.Exists))
        {
            var bytes = Load(path, 0);
            loaded.Add(new Fallback(path, bytes, TrueTypeFace.CharacterMap(bytes)));
        }

        return loaded;
    }

    private sealed record Fallback(string Path, byte[] Font, Dictionary<int, int> Characters);

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

    private sealed class Resolver(byte[] font, string fontName, byte[] core, byte[]? more, Lazy<IReadOnlyList<Fallback>> fallbacks) : IFontResolver
    {
        private readonly ConcurrentDictionary<string, byte[]> _cut = new(StringComparer.Ordinal);
        private readonly Lazy<Dictionary<int, int>> _characters = new(() => TrueTypeFace.CharacterMap(font));

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(familyName switch
            {
                MoreFamilyName when more is not null => MoreFamilyName,
                _ when familyName.StartsWith(FallbackFamilyPrefix, StringComparison.Ordinal) || familyName.StartsWith(SealFamilyPrefix, StringComparison.Ordinal) => familyName,
                _ => FamilyName,
            }, mustSimulateBold: bold, mustSimulateItalic: false);

        public byte[] GetFont(string faceName)
        {
            if (faceName == MoreFamilyName && more is not null)
                return more;
            if (faceName.StartsWith(SealFamilyPrefix, StringComparison.Ordinal) && SealCharacters.TryGetValue(faceName, out var seal))
            {
                return _cut.GetOrAdd(faceName, name => TrueTypeFace.Build(font,
                    seal.EnumerateRunes().Where(r => _characters.Value.ContainsKey(r.Value)).ToDictionary(r => r.Value, r => _characters.Value[r.Value]), $"{fontName}-{name}"));
            }

            if (!faceName.StartsWith(FallbackFamilyPrefix, StringComparison.Ordinal))
                return core;
            // One character per family: each is a tiny standalone font, so a report embeds only the glyphs it uses.
            return _cut.GetOrAdd(faceName, name =>
            {
                var codePoint = int.Parse(name.AsSpan(FallbackFamilyPrefix.Length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var source = fallbacks.Value.First(f => f.Characters.ContainsKey(codePoint));
                return TrueTypeFace.Build(source.Font, new Dictionary<int, int> { [codePoint] = source.Characters[codePoint] }, $"{Path.GetFileNameWithoutExtension(source.Path)}-{name}");
            });
        }
    }
}

public sealed class ReportFontMissingException(string path) : InvalidOperationException(
    $"The report font '{path}' does not exist. Install it (Debian: `apt-get install fonts-wqy-microhei`) or set CreditProof:Reports:FontPath to a TrueType font (.ttf/.ttc) with Chinese glyphs.")
{
    public string FontPath { get; } = path;
}
