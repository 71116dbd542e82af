using System.Globalization;
using System.Text;
using CreditProof.Identifiers;

namespace CreditProof.Ingest;

/// <summary>
/// Writes a deterministic penalty CSV of any size (same seed, same file) for the ingest benchmark and the kill test:
/// valid credit codes for a pool of subjects, dates after the collection start, amounts in 万元.
/// </summary>
public static class SyntheticPenaltyFile
{
    public static readonly string[] Header =
    [
        "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK",
        "CF_JDRQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLYDM", "CF_CXLX",
    ];

    private static readonly string[] Violations = ["销售不合格产品", "虚假宣传", "无照经营", "超标排放", "未按规定公示信息", "计量违法"];
    private static readonly string[] Categories = ["罚款", "警告", "罚款;没收违法所得", "通报批评", "责令停产停业"];
    private static readonly string[] Prefectures = ["140100", "140200", "140300", "140400", "140500", "140600", "140700", "140800", "140900", "141000", "141100"];

    public static void Write(string path, int rows, string unitCode, string unitName, int subjects = 50_000, int seed = 20221101)
    {
        var random = new Random(seed);
        var pool = new string[subjects];
        for (var i = 0; i < subjects; i++)
        {
            var body = string.Create(CultureInfo.InvariantCulture, $"MA{i:X6}");
            pool[i] = CreditCode.Compose('9', '1', Prefectures[i % Prefectures.Length], body);
        }

        var start = new DateOnly(2022, 8, 1);
        var days = new DateOnly(2026, 10, 31).DayNumber - start.DayNumber;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(string.Join(',', Header));
        var line = new StringBuilder(512);
        for (var i = 1; i <= rows; i++)
        {
            var s = random.Next(subjects);
            var fine = random.Next(1, 2_000_000) / 10_000m;
            var date = start.AddDays(random.Next(days));
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"山西测试商贸有限公司{s},法人及非法人组织,{pool[s]},晋测罚〔{date.Year}〕{i}号,{Violations[i % Violations.Length]},");
            line.Append(CultureInfo.InvariantCulture, $"\"经查，当事人存在{Violations[i % Violations.Length]}行为，证据确凿。\",《中华人民共和国行政处罚法》第二十八条,{Categories[i % Categories.Length]},");
            line.Append(CultureInfo.InvariantCulture, $"依法处以罚款{fine}万元,{fine},{date:yyyy-MM-dd},{unitName},{unitCode},{unitCode},{(i % 4 == 0 ? "简易" : "普通")}");
            writer.WriteLine(line);
        }
    }
}
