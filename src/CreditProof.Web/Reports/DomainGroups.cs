namespace CreditProof.Web.Reports;

/// <summary>
/// How the new-report page groups the 40 domains. domains.csv has no category column, so the groups follow the usual
/// split of government work (经济与市场监管, 城乡建设与资源环境, 社会事业与民生, 安全与司法); a domain added later
/// without a group here appears under "other" until it is placed.
/// </summary>
public static class DomainGroups
{
    public const string Other = "other";

    public static readonly IReadOnlyList<string> Order = ["economy", "construction", "society", "safety", Other];

    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        ["development-reform"] = "economy",
        ["market-regulation"] = "economy",
        ["taxation"] = "economy",
        ["commerce"] = "economy",
        ["financial-regulation"] = "economy",
        ["public-finance"] = "economy",
        ["statistics"] = "economy",
        ["audit"] = "economy",
        ["intellectual-property"] = "economy",
        ["industry-it"] = "economy",
        ["energy"] = "economy",
        ["grain-reserves"] = "economy",
        ["urban-management"] = "construction",
        ["natural-resources"] = "construction",
        ["ecology-environment"] = "construction",
        ["housing-construction"] = "construction",
        ["water-resources"] = "construction",
        ["transport"] = "construction",
        ["agriculture-rural"] = "construction",
        ["forestry"] = "construction",
        ["meteorology"] = "construction",
        ["earthquake"] = "construction",
        ["human-resources-social-security"] = "society",
        ["health"] = "society",
        ["culture-tourism"] = "society",
        ["education"] = "society",
        ["science-technology"] = "society",
        ["civil-affairs"] = "society",
        ["housing-provident-fund"] = "society",
        ["sport"] = "society",
        ["medical-security"] = "society",
        ["communications"] = "society",
        ["postal"] = "society",
        ["archives"] = "society",
        ["emergency-management"] = "safety",
        ["fire-rescue"] = "safety",
        ["public-security"] = "safety",
        ["judicial-administration"] = "safety",
        ["court-enforcement"] = "safety",
        ["national-defence"] = "safety",
    };

    public static string Of(string domainCode) => ByCode.GetValueOrDefault(domainCode, Other);

    /// <summary>The resource key of a group's heading.</summary>
    public static string ResourceKey(string group) => "DomainGroup_" + group;
}
