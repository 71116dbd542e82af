namespace CreditProof.Platform;

/// <summary>
/// The platform's own facts, bound once from the <c>CreditProof</c> configuration section and shared by every feature:
/// where it is reached, where its files live, its calendar day and since when records are collected. Province-specific
/// facts are configuration, not code; the defaults are Shanxi's.
/// </summary>
public sealed class PlatformOptions
{
    public const string Section = "CreditProof";

    /// <summary>Base of every link the platform prints or sends: QR codes, share links (<c>CreditProof:PublicBaseUrl</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Folder for the embedded database, keys and generated files (<c>CreditProof:DataDirectory</c>).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The offset of the platform's calendar day (China Standard Time, no daylight saving).</summary>
    public int UtcOffsetHours { get; set; } = 8;

    /// <summary>First day records are collected from (Shanxi: 2022-08-01): earlier decisions are out of scope of import and reports.</summary>
    public DateOnly CollectionStart { get; set; } = new(2022, 8, 1);

    /// <summary>The province's GB/T 2260 prefix (Shanxi: 14): subjects registered elsewhere are outside the platform's reports.</summary>
    public string ProvinceCode { get; set; } = "14";

    /// <summary>The CWT issuer (<c>iss</c>) written into QR payloads and status lists.</summary>
    public string Issuer { get; set; } = "CN-14";

    /// <summary>The issuing platform's name, shown by verifiers and published in the trust list.</summary>
    public string PlatformName { get; set; } = "山西省公共信用信息共享平台";

    /// <summary>The platform's name in English, for the portal's English pages.</summary>
    public string PlatformNameEn { get; set; } = "Shanxi Public Credit Information Sharing Platform";

    /// <summary>Demo mode: migrate and seed on first start. Only ever honoured on the embedded SQLite database.</summary>
    public bool Demo { get; set; }

    public int DemoSubjects { get; set; } = 2_000;

    public int DemoSeed { get; set; } = 20250716;

    /// <summary>On a kiosk (自助终端), sign out after this many seconds without a touch or request.</summary>
    public int KioskIdleSeconds { get; set; } = 120;

    /// <summary>
    /// The PIN hall staff type to take a browser out of kiosk mode. Unset: only window staff or an operator signed in
    /// on the kiosk can leave it. A passer-by can never turn the public terminal back into an ordinary browser.
    /// </summary>
    public string? KioskExitPin { get; set; }

    public TimeSpan UtcOffset => TimeSpan.FromHours(UtcOffsetHours);
}
