using PdfSharp.Fonts;

namespace CreditProof.Reports;

/// <summary>
/// The CJK font reports are set in, loaded once per process and handed to PDFsharp through a font resolver.
/// PDFsharp's resolver is global, so the first configured font wins; asking for a different one later is an error.
/// </summary>
public static class ReportFont
{
    public const string FamilyName = "CreditProofCjk";
    private static readonly Lock Gate = new();
    private static string? _installedPath;

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
            GlobalFontSettings.FontResolver = new Resolver(bytes);
            _installedPath = key;
        }
    }

    public static byte[] Load(string path, int faceIndex)
    {
        if (!File.Exists(path))
            throw new ReportFontMissingException(path);
        var bytes = File.ReadAllBytes(path);
        return TrueTypeCollection.IsCollection(bytes) ? TrueTypeCollection.ExtractFace(bytes, faceIndex) : bytes;
    }

    private sealed class Resolver(byte[] font) : IFontResolver
    {
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(FamilyName, mustSimulateBold: bold, mustSimulateItalic: false);

        public byte[] GetFont(string faceName) => font;
    }
}

public sealed class ReportFontMissingException(string path) : InvalidOperationException(
    $"The report font '{path}' does not exist. Install it (Debian: `apt-get install fonts-wqy-microhei`) or set CreditProof:Reports:FontPath to a TrueType font (.ttf/.ttc) with Chinese glyphs.")
{
    public string FontPath { get; } = path;
}
