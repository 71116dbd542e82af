namespace CreditProof.Demo;

/// <summary>The authority that acts for each domain, at province and at city level, and its document-number stem.</summary>
internal static class DemoAuthorities
{
    // (domain code, province-level name, city-level suffix, abbreviation used in document numbers)
    private static readonly Dictionary<string, (string Province, string City, string Abbreviation)> ByDomain = new(StringComparer.Ordinal)
    {
        ["development-reform"] = ("山西省发展和改革委员会", "发展和改革委员会", "发改"),
        ["urban-management"] = ("山西省住房和城乡建设厅城市管理处", "城市管理局", "城管"),
        ["natural-resources"] = ("山西省自然资源厅", "规划和自然资源局", "自然资"),
        ["human-resources-social-security"] = ("山西省人力资源和社会保障厅", "人力资源和社会保障局", "人社"),
        ["ecology-environment"] = ("山西省生态环境厅", "生态环境局", "环"),
        ["market-regulation"] = ("山西省市场监督管理局", "市场监督管理局", "市监"),
        ["health"] = ("山西省卫生健康委员会", "卫生健康委员会", "卫"),
        ["culture-tourism"] = ("山西省文化和旅游厅", "文化和旅游局", "文旅"),
        ["emergency-management"] = ("山西省应急管理厅", "应急管理局", "应急"),
        ["housing-construction"] = ("山西省住房和城乡建设厅", "住房和城乡建设局", "建"),
        ["science-technology"] = ("山西省科学技术厅", "科学技术局", "科"),
        ["transport"] = ("山西省交通运输厅", "交通运输局", "交"),
        ["taxation"] = ("国家税务总局山西省税务局", "税务局", "税"),
        ["intellectual-property"] = ("山西省知识产权局", "知识产权局", "知"),
        ["water-resources"] = ("山西省水利厅", "水务局", "水"),
        ["fire-rescue"] = ("山西省消防救援总队", "消防救援支队", "消"),
        ["communications"] = ("山西省通信管理局", "通信发展办公室", "通"),
        ["education"] = ("山西省教育厅", "教育局", "教"),
        ["industry-it"] = ("山西省工业和信息化厅", "工业和信息化局", "工信"),
        ["public-security"] = ("山西省公安厅", "公安局", "公"),
        ["civil-affairs"] = ("山西省民政厅", "民政局", "民"),
        ["judicial-administration"] = ("山西省司法厅", "司法局", "司"),
        ["public-finance"] = ("山西省财政厅", "财政局", "财"),
        ["housing-provident-fund"] = ("山西省住房资金管理中心", "住房公积金管理中心", "公积金"),
        ["agriculture-rural"] = ("山西省农业农村厅", "农业农村局", "农"),
        ["commerce"] = ("山西省商务厅", "商务局", "商"),
        ["audit"] = ("山西省审计厅", "审计局", "审"),
        ["sport"] = ("山西省体育局", "体育局", "体"),
        ["statistics"] = ("山西省统计局", "统计局", "统"),
        ["financial-regulation"] = ("国家金融监督管理总局山西监管局", "金融监管分局", "金监"),
        ["energy"] = ("山西省能源局", "能源局", "能"),
        ["medical-security"] = ("山西省医疗保障局", "医疗保障局", "医保"),
        ["grain-reserves"] = ("山西省粮食和物资储备局", "粮食和物资储备中心", "粮"),
        ["forestry"] = ("山西省林业和草原局", "林业局", "林"),
        ["meteorology"] = ("山西省气象局", "气象局", "气"),
        ["postal"] = ("山西省邮政管理局", "邮政管理局", "邮"),
        ["earthquake"] = ("山西省地震局", "地震局", "震"),
        ["court-enforcement"] = ("山西省高级人民法院", "中级人民法院", "法"),
        ["archives"] = ("山西省档案局", "档案局", "档"),
        ["national-defence"] = ("山西省国防动员办公室", "国防动员办公室", "国动"),
    };

    public static (string Province, string City, string Abbreviation) For(string domainCode) =>
        ByDomain.TryGetValue(domainCode, out var names)
            ? names
            : ($"山西省{domainCode}主管部门", $"{domainCode}主管部门", "晋");
}
