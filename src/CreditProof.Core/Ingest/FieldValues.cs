using System.Collections.Frozen;
using System.Globalization;
using CreditProof.Records;

namespace CreditProof.Ingest;

/// <summary>The controlled lists a row's categories are checked against (national lists, see DATA-STANDARD.md).</summary>
public static class ControlledLists
{
    public static readonly FrozenSet<string> PenaltyCategories = FrozenSet.ToFrozenSet(
    [
        "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级", "吊销许可证件",
        "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
    ], StringComparer.Ordinal);

    /// <summary>A decision not to penalise (不予行政处罚决定) arrives as a category; the row is kept with that status.</summary>
    public static readonly FrozenSet<string> NotPenalised = FrozenSet.ToFrozenSet(["不予处罚", "不予行政处罚"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> EnforcementCategories = FrozenSet.ToFrozenSet(
    [
        // 行政强制措施
        "限制人身自由", "查封场所设施或者财物", "扣押财物", "冻结存款汇款",
        // 行政强制执行
        "加处罚款或者滞纳金", "划拨存款汇款", "拍卖或者依法处理查封扣押的场所设施或者财物", "排除妨碍恢复原状", "代履行",
        "其他",
    ], StringComparer.Ordinal);

    public static readonly FrozenSet<string> DishonestyLists = FrozenSet.ToFrozenSet(
    [
        "失信被执行人", "重大税收违法失信主体", "政府采购严重违法失信行为记录名单", "安全生产严重失信主体",
        "严重违法失信企业名单", "拖欠农民工工资失信联合惩戒对象名单", "统计严重失信企业", "其他",
    ], StringComparer.Ordinal);

    public static readonly FrozenSet<string> SubjectCategories = FrozenSet.ToFrozenSet(
        ["法人及非法人组织", "自然人", "个体工商户"], StringComparer.Ordinal);

    public static IReadOnlyCollection<string>? For(RecordType type) => type switch
    {
        RecordType.Penalty => PenaltyCategories,
        RecordType.Enforcement => EnforcementCategories,
        RecordType.Dishonesty => DishonestyLists,
        // 罪名 follow the Criminal Law's several hundred charges: free text, required.
        RecordType.Criminal => null,
    };

    public static readonly char[] Separators = [';', '；', '、', ',', '，', '|'];
}

/// <summary>Parses the values units send: dates in the usual forms and amounts in 万元.</summary>
public static class FieldValues
{
    private static readonly string[] DateFormats =
    [
        "yyyy-M-d", "yyyy/M/d", "yyyyMMdd", "yyyy年M月d日", "yyyy.M.d",
        "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy-M-dTH:mm:ss",
    ];

    /// <summary>2024-03-05, 2024/3/5, 20240305, 2024年3月5日 (and the same with a time of day, which is dropped).</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        var s = text.Trim();
        if (DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            date = DateOnly.FromDateTime(dt);
            return true;
        }

        date = default;
        return false;
    }

    /// <summary>An amount in 万元 as an exact decimal ≥ 0, returned in fen (1 万元 = 1,000,000 fen).</summary>
    public static AmountResult ParseWanYuan(string text)
    {
        var s = text.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        if (s.EndsWith("万元", StringComparison.Ordinal))
            s = s[..^2].TrimEnd();
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return AmountResult.Invalid;
        if (value < 0)
            return AmountResult.Negative;
        var fen = value * 1_000_000m;
        if (fen != decimal.Truncate(fen))
            return AmountResult.TooPrecise;
        if (fen > long.MaxValue)
            return AmountResult.Invalid;
        return new AmountResult(AmountProblem.None, (long)fen);
    }

    /// <summary>Splits a multi-valued category cell (罚款;警告 or 罚款、警告).</summary>
    public static string[] SplitCategories(string text) =>
        text.Split(ControlledLists.Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string FormatFen(long fen) => (fen / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture);
}

public enum AmountProblem
{
    None,
    NotANumber,
    Negative,
    TooPrecise,
}

public readonly record struct AmountResult(AmountProblem Problem, long Fen)
{
    public static readonly AmountResult Invalid = new(AmountProblem.NotANumber, 0);
    public static readonly AmountResult Negative = new(AmountProblem.Negative, 0);
    public static readonly AmountResult TooPrecise = new(AmountProblem.TooPrecise, 0);
}
