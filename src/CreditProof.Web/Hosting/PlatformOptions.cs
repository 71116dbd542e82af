namespace CreditProof.Web.Hosting;

/// <summary>The <c>CreditProof</c> configuration section.</summary>
public sealed class PlatformOptions
{
    public const string Section = "CreditProof";

    public string PlatformNameZh { get; set; } = "山西省信用信息共享平台";

    public string PlatformNameEn { get; set; } = "Shanxi Credit Information Sharing Platform";

    /// <summary>Where the embedded database and generated files live (default: <c>data/</c> in the working directory).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Demo mode: migrate and seed on first start. Only ever honoured on the embedded SQLite database.</summary>
    public bool Demo { get; set; }

    public int DemoSubjects { get; set; } = 2_000;

    public int DemoSeed { get; set; } = 20250716;

    /// <summary>On a kiosk (自助终端), sign out after this many seconds without a touch or request.</summary>
    public int KioskIdleSeconds { get; set; } = 120;
}
