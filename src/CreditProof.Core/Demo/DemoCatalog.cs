namespace CreditProof.Demo;

/// <summary>Plausible violation types, legal bases and list names for the synthetic records.</summary>
internal static class DemoCatalog
{
    public sealed record Violation(string Type, string Basis);

    private static readonly Dictionary<string, Violation[]> ByDomain = new(StringComparer.Ordinal)
    {
        ["market-regulation"] =
        [
            new("销售不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百二十四条"),
            new("未按规定公示年度报告", "《企业信息公示暂行条例》第十七条"),
            new("发布虚假广告", "《中华人民共和国广告法》第五十五条"),
            new("销售过期化妆品", "《化妆品监督管理条例》第六十条"),
            new("计量器具未按规定检定", "《中华人民共和国计量法》第二十六条"),
            new("价格违法行为（未明码标价）", "《中华人民共和国价格法》第四十二条"),
        ],
        ["taxation"] =
        [
            new("未按规定期限办理纳税申报", "《中华人民共和国税收征收管理法》第六十二条"),
            new("未按规定开具发票", "《中华人民共和国发票管理办法》第三十五条"),
            new("丢失发票", "《中华人民共和国发票管理办法》第三十六条"),
            new("逃避缴纳税款", "《中华人民共和国税收征收管理法》第六十三条"),
        ],
        ["ecology-environment"] =
        [
            new("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条"),
            new("未批先建", "《中华人民共和国环境影响评价法》第三十一条"),
            new("危险废物未按规定贮存", "《中华人民共和国固体废物污染环境防治法》第一百一十二条"),
            new("未按规定安装使用污染源自动监测设备", "《中华人民共和国水污染防治法》第八十二条"),
        ],
        ["emergency-management"] =
        [
            new("未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第九十七条"),
            new("未建立事故隐患排查治理制度", "《中华人民共和国安全生产法》第一百零一条"),
            new("特种作业人员未持证上岗", "《中华人民共和国安全生产法》第九十七条"),
        ],
        ["fire-rescue"] =
        [
            new("消防设施未保持完好有效", "《中华人民共和国消防法》第六十条"),
            new("占用、堵塞、封闭疏散通道、安全出口", "《中华人民共和国消防法》第六十条"),
            new("未经消防安全检查擅自投入使用", "《中华人民共和国消防法》第五十八条"),
        ],
        ["transport"] =
        [
            new("道路运输车辆超限运输", "《公路安全保护条例》第六十四条"),
            new("未取得道路运输经营许可擅自从事经营", "《中华人民共和国道路运输条例》第六十三条"),
        ],
        ["housing-construction"] =
        [
            new("未取得施工许可证擅自施工", "《建筑工程施工许可管理办法》第十二条"),
            new("违反工程建设强制性标准", "《建设工程质量管理条例》第六十四条"),
        ],
        ["human-resources-social-security"] =
        [
            new("拖欠劳动者工资", "《保障农民工工资支付条例》第五十四条"),
            new("未按规定办理社会保险登记", "《中华人民共和国社会保险法》第八十四条"),
        ],
        ["health"] =
        [
            new("公共场所卫生不符合标准", "《公共场所卫生管理条例实施细则》第三十六条"),
            new("未取得医疗机构执业许可证擅自执业", "《医疗机构管理条例》第四十三条"),
        ],
        ["natural-resources"] =
        [
            new("非法占用土地", "《中华人民共和国土地管理法》第七十七条"),
            new("未取得采矿许可证擅自采矿", "《中华人民共和国矿产资源法》第三十九条"),
        ],
    };

    public static readonly string[] EnforcementCategories =
        ["查封场所设施或者财物", "扣押财物", "冻结存款汇款", "加处罚款或者滞纳金", "划拨存款汇款", "代履行"];

    public static readonly (string Domain, string ListName)[] DishonestyLists =
    [
        ("court-enforcement", "失信被执行人"),
        ("court-enforcement", "失信被执行人"),
        ("court-enforcement", "失信被执行人"),
        ("taxation", "重大税收违法失信主体"),
        ("emergency-management", "安全生产严重失信主体"),
        ("public-finance", "政府采购严重违法失信行为记录名单"),
        ("human-resources-social-security", "拖欠农民工工资失信联合惩戒对象名单"),
    ];

    public static readonly string[] Charges = ["非法经营罪", "重大责任事故罪", "污染环境罪", "虚开增值税专用发票罪", "串通投标罪", "非法占用农用地罪"];

    /// <summary>Domains that produce most penalties get more weight; every domain has some.</summary>
    public static int Weight(string domainCode) => domainCode switch
    {
        "market-regulation" => 30,
        "taxation" => 18,
        "ecology-environment" => 10,
        "emergency-management" => 8,
        "fire-rescue" => 8,
        "transport" => 8,
        "housing-construction" => 6,
        "human-resources-social-security" => 5,
        "health" => 5,
        "natural-resources" => 4,
        "urban-management" => 4,
        _ => 1,
    };

    public static Violation ViolationFor(string domainCode, string domainName, Random random) =>
        ByDomain.TryGetValue(domainCode, out var list)
            ? list[random.Next(list.Length)]
            : new Violation($"违反{domainName}管理规定", $"{domainName}领域有关法律法规");
}
