using CreditProof.Signing;

namespace CreditProof.Reports;

/// <summary>
/// Bound from configuration section <c>CreditProof:Reports</c> ; the platform-wide facts (base URL, calendar offset,
/// collection start) are <see cref="Platform.PlatformOptions"/>.
/// </summary>
public sealed class ReportOptions
{
    public const string Section = "CreditProof:Reports";

    /// <summary>565号: the subject chooses the period, at most 5 years.</summary>
    public int MaxPeriodYears { get; set; } = 5;

    public int DefaultPeriodYears { get; set; } = 3;

    /// <summary>Days after issue when the QR payload's <c>exp</c> lies.</summary>
    public int ValidityDays { get; set; } = 90;

    public string FontPath { get; set; } = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    public int FontFaceIndex { get; set; }

    /// <summary>
    /// TrueType fonts (glyph outlines, not CFF) for characters the main font lacks, tried in order; missing files are
    /// skipped. Debian's fonts-hanazono: HanaMinA (BMP, Extension A) and HanaMinB (Extensions B–F, e.g. 𠮷).
    /// </summary>
    public List<string> FallbackFontPaths { get; set; } =
        ["/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"];

    /// <summary>Default and maximum validity of a holder's share grant (授权), in days.</summary>
    public int ShareDefaultDays { get; set; } = 30;

    public int ShareMaxDays { get; set; } = 90;

    /// <summary>A single-use grant opens one viewing session this long (view and download the PDF).</summary>
    public int SingleUseSessionMinutes { get; set; } = 15;

    public SigningAlgorithm SigningAlgorithm { get; set; } = SigningAlgorithm.Sm2;
}
