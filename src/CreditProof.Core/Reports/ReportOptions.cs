using CreditProof.Signing;

namespace CreditProof.Reports;

/// <summary>
/// Bound from configuration section <c>CreditProof:Reports</c> (plus <c>CreditProof:PublicBaseUrl</c>). Province-specific
/// facts (collection start, period limits) are configuration, not code.
/// </summary>
public sealed class ReportOptions
{
    public const string Section = "CreditProof:Reports";

    /// <summary>First day records are collected from (Shanxi: 2022-08-01).</summary>
    public DateOnly CollectionStart { get; set; } = new(2022, 8, 1);

    /// <summary>565号: the subject chooses the period, at most 5 years.</summary>
    public int MaxPeriodYears { get; set; } = 5;

    public int DefaultPeriodYears { get; set; } = 3;

    /// <summary>Days after issue when the QR payload's <c>exp</c> lies.</summary>
    public int ValidityDays { get; set; } = 90;

    /// <summary>The offset of the platform's calendar day (China Standard Time, no daylight saving).</summary>
    public int UtcOffsetHours { get; set; } = 8;

    public string FontPath { get; set; } = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    public int FontFaceIndex { get; set; }

    /// <summary>Base of the verification URL the QR code opens (<c>CreditProof:PublicBaseUrl</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>The CWT issuer (<c>iss</c>) written into QR payloads.</summary>
    public string Issuer { get; set; } = "CN-14";

    /// <summary>The issuing platform's name, shown by verifiers and published in the trust list.</summary>
    public string PlatformName { get; set; } = "山西省公共信用信息共享平台";

    /// <summary>Default and maximum validity of a holder's share grant (授权), in days.</summary>
    public int ShareDefaultDays { get; set; } = 30;

    public int ShareMaxDays { get; set; } = 90;

    /// <summary>A single-use grant opens one viewing session this long (view and download the PDF).</summary>
    public int SingleUseSessionMinutes { get; set; } = 15;

    public SigningAlgorithm SigningAlgorithm { get; set; } = SigningAlgorithm.Sm2;

    /// <summary>Folder for the key-encryption key file when none is configured.</summary>
    public string DataDirectory { get; set; } = "data";

    public TimeSpan UtcOffset => TimeSpan.FromHours(UtcOffsetHours);

    public DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(UtcOffset).DateTime);
}
