using System.Collections.Frozen;
using System.Text;
using CreditProof.Records;

namespace CreditProof.Ingest;

/// <summary>A field of an incoming record, whatever the column is called in the file.</summary>
public enum Field
{
    SubjectName,
    SubjectCategory,
    SubjectCreditCode,
    SubjectIdType,
    SubjectIdNumber,
    LegalRepresentative,
    LegalRepresentativeIdType,
    LegalRepresentativeIdNumber,
    DocumentNumber,
    ViolationType,
    Facts,
    LegalBasis,
    Category,
    SecondCategory,
    Content,
    Fine,
    Confiscated,
    LicenceAffected,
    DecisionDate,
    ValidUntil,
    PublicityEnd,
    AuthorityName,
    AuthorityCode,
    UnitName,
    UnitCode,
    Remarks,
    Procedure,
    Severity,
    RepairStatus,
    RepairedOn,
    ListName,
    RemovedOn,
    EffectiveOn,
    Extra,
}

/// <summary>One accepted column: its code, the other names it goes by (2016 codes, Chinese titles) and whether a row needs it.</summary>
public sealed record FieldSpec(Field Field, string Code, string TitleZh, bool Required, params string[] OtherNames)
{
    public IEnumerable<string> AllNames => OtherNames.Prepend(TitleZh).Prepend(Code);
}

/// <summary>The accepted columns of one record type (docs/data-formats.md lists them).</summary>
public sealed class RecordLayout
{
    private readonly FrozenDictionary<string, FieldSpec> _byName;

    private RecordLayout(RecordType type, IReadOnlyList<FieldSpec> fields, IReadOnlyDictionary<string, string> extraTitles)
    {
        Type = type;
        Fields = fields;
        ExtraTitles = extraTitles;
        var names = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        foreach (var spec in fields)
        {
            foreach (var name in spec.AllNames)
                names.TryAdd(NormalizeHeader(name), spec);
        }

        foreach (var title in extraTitles.Keys)
            names.TryAdd(NormalizeHeader(title), new FieldSpec(Field.Extra, extraTitles[title], title, false));
        _byName = names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public RecordType Type { get; }

    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>List-specific columns kept as extra attributes (title → key in the JSON object).</summary>
    public IReadOnlyDictionary<string, string> ExtraTitles { get; }

    public FieldSpec? Resolve(string header) => _byName.GetValueOrDefault(NormalizeHeader(header));

    public FieldSpec Spec(Field field) => Fields.First(f => f.Field == field);

    public static RecordLayout For(RecordType type) => type switch
    {
        RecordType.Penalty => Penalty,
        RecordType.Enforcement => Enforcement,
        RecordType.Dishonesty => Dishonesty,
        RecordType.Criminal => Criminal,
    };

    public static IReadOnlyList<RecordLayout> All => [Penalty, Enforcement, Dishonesty, Criminal];

    /// <summary>Trims, drops spaces and BOMs, folds full-width brackets and upper-cases codes so that 罚款金额(万元) matches 罚款金额（万元）.</summary>
    public static string NormalizeHeader(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header)
        {
            switch (ch)
            {
                case '\uFEFF' or ' ' or '\u3000' or '\t' or '*' or '\r' or '\n':
                    continue;
                case '（':
                    sb.Append('(');
                    break;
                case '）':
                    sb.Append(')');
                    break;
                default:
                    sb.Append(char.ToUpperInvariant(ch));
                    break;
            }
        }

        return sb.ToString();
    }

    private static FieldSpec F(Field field, string code, string title, bool required = false, params string[] other) =>
        new(field, code, title, required, other);

    // 双公示 administrative penalty codes (current layout), with the 2016 layout's codes as other names.
    public static readonly RecordLayout Penalty = new(RecordType.Penalty,
    [
        F(Field.SubjectName, "CF_XDR_MC", "行政相对人名称", true, "被处罚对象名称"),
        F(Field.SubjectCategory, "CF_XDR_LB", "行政相对人类别"),
        F(Field.SubjectCreditCode, "CF_XDR_SHXYM", "统一社会信用代码", false, "行政相对人代码_1(统一社会信用代码)", "行政相对人统一社会信用代码"),
        F(Field.SubjectIdType, "CF_XDR_ZJLX", "证件类型", false, "行政相对人证件类型"),
        F(Field.SubjectIdNumber, "CF_XDR_ZJHM", "证件号码", false, "CF_XDR_SFZ", "居民身份证号", "行政相对人证件号码"),
        F(Field.LegalRepresentative, "CF_FRDB", "法定代表人", false, "CF_FR", "法定代表人姓名"),
        F(Field.LegalRepresentativeIdType, "CF_FR_ZJLX", "法定代表人证件类型"),
        F(Field.LegalRepresentativeIdNumber, "CF_FR_ZJHM", "法定代表人证件号码"),
        F(Field.DocumentNumber, "CF_WSH", "行政处罚决定书文号", true, "决定书文号", "处罚决定书文号"),
        F(Field.ViolationType, "CF_WFXW", "违法行为类型", false, "CF_CFMC", "处罚名称"),
        F(Field.Facts, "CF_SY", "违法事实", false, "处罚事由"),
        F(Field.LegalBasis, "CF_YJ", "处罚依据"),
        F(Field.Category, "CF_CFLB", "处罚类别", true, "CF_CFLB1", "处罚类别1"),
        F(Field.SecondCategory, "CF_CFLB2", "处罚类别2"),
        F(Field.Content, "CF_NR", "处罚内容", false, "CF_JG", "处罚结果"),
        F(Field.Fine, "CF_NR_FK", "罚款金额(万元)", false, "罚款金额"),
        F(Field.Confiscated, "CF_NR_WFFF", "没收违法所得、没收非法财物的金额(万元)", false, "没收违法所得、没收非法财物的金额"),
        F(Field.LicenceAffected, "CF_NR_ZKDX", "暂扣或吊销证照名称及编号"),
        F(Field.DecisionDate, "CF_JDRQ", "处罚决定日期", true, "决定日期"),
        F(Field.ValidUntil, "CF_YXQ", "处罚有效期"),
        F(Field.PublicityEnd, "CF_GSJZQ", "公示截止期"),
        F(Field.AuthorityName, "CF_CFJG", "处罚机关", true, "CF_XZJG"),
        F(Field.AuthorityCode, "CF_CFJGDM", "处罚机关统一社会信用代码", false, "处罚机关代码"),
        F(Field.UnitName, "CF_SJLY", "数据来源单位", false, "数据来源"),
        F(Field.UnitCode, "CF_SJLYDM", "数据来源单位统一社会信用代码", false, "数据来源单位代码"),
        F(Field.Remarks, "BZ", "备注"),
        F(Field.Procedure, "CF_CXLX", "程序类型"),
        F(Field.Severity, "CF_YZCD", "严重程度"),
        F(Field.RepairStatus, "CF_XFZT", "信用修复状态"),
        F(Field.RepairedOn, "CF_XFRQ", "修复日期"),
    ], new Dictionary<string, string>());

    public static readonly RecordLayout Enforcement = new(RecordType.Enforcement,
    [
        F(Field.SubjectName, "QZ_XDR_MC", "行政相对人名称", true),
        F(Field.SubjectCategory, "QZ_XDR_LB", "行政相对人类别"),
        F(Field.SubjectCreditCode, "QZ_XDR_SHXYM", "统一社会信用代码"),
        F(Field.SubjectIdType, "QZ_XDR_ZJLX", "证件类型"),
        F(Field.SubjectIdNumber, "QZ_XDR_ZJHM", "证件号码"),
        F(Field.DocumentNumber, "QZ_WSH", "行政强制决定书文号", true, "决定书文号"),
        F(Field.Category, "QZ_QZLB", "强制类别", true),
        F(Field.Facts, "QZ_SY", "强制事由", false, "事由"),
        F(Field.LegalBasis, "QZ_YJ", "强制依据", false, "依据"),
        F(Field.Content, "QZ_NR", "强制内容", false, "内容"),
        F(Field.DecisionDate, "QZ_JDRQ", "强制决定日期", true, "决定日期"),
        F(Field.ValidUntil, "QZ_QX", "强制期限", false, "期限"),
        F(Field.AuthorityName, "QZ_SSJG", "实施机关", true),
        F(Field.AuthorityCode, "QZ_SSJGDM", "实施机关统一社会信用代码", false, "实施机关代码"),
        F(Field.UnitName, "QZ_SJLY", "数据来源单位"),
        F(Field.UnitCode, "QZ_SJLYDM", "数据来源单位统一社会信用代码", false, "数据来源单位代码"),
        F(Field.Remarks, "BZ", "备注"),
        F(Field.RepairStatus, "QZ_XFZT", "信用修复状态"),
        F(Field.RepairedOn, "QZ_XFRQ", "修复日期"),
    ], new Dictionary<string, string>());

    public static readonly RecordLayout Dishonesty = new(RecordType.Dishonesty,
    [
        F(Field.SubjectName, "SX_XDR_MC", "失信主体名称", true, "主体名称", "行政相对人名称", "被执行人姓名/名称"),
        F(Field.SubjectCategory, "SX_XDR_LB", "主体类别", false, "行政相对人类别"),
        F(Field.SubjectCreditCode, "SX_XDR_SHXYM", "统一社会信用代码"),
        F(Field.SubjectIdType, "SX_XDR_ZJLX", "证件类型"),
        F(Field.SubjectIdNumber, "SX_XDR_ZJHM", "证件号码"),
        F(Field.ListName, "SX_MDMC", "名单名称", true, "名单类型"),
        F(Field.Facts, "SX_LRSY", "列入事由"),
        F(Field.LegalBasis, "SX_RDYJ", "认定依据"),
        F(Field.DocumentNumber, "SX_WSH", "认定文号", true, "认定决定书文号"),
        F(Field.AuthorityName, "SX_RDBM", "认定部门", true),
        F(Field.AuthorityCode, "SX_RDBMDM", "认定部门统一社会信用代码", false, "认定部门代码"),
        F(Field.DecisionDate, "SX_LRRQ", "列入日期", true),
        F(Field.ValidUntil, "SX_YXQ", "有效期"),
        F(Field.RemovedOn, "SX_YCRQ", "移出日期"),
        F(Field.UnitName, "SX_SJLY", "数据来源单位"),
        F(Field.UnitCode, "SX_SJLYDM", "数据来源单位统一社会信用代码", false, "数据来源单位代码"),
        F(Field.Remarks, "BZ", "备注"),
        F(Field.RepairStatus, "SX_XFZT", "信用修复状态"),
        F(Field.RepairedOn, "SX_XFRQ", "修复日期"),
    ], new Dictionary<string, string>
    {
        // 失信被执行人 list-specific attributes.
        ["执行法院"] = "court",
        ["执行依据文号"] = "basisDocument",
        ["立案时间"] = "filedOn",
        ["案号"] = "caseNumber",
        ["生效法律文书确定的义务"] = "obligation",
        ["履行情况"] = "performance",
        ["失信行为具体情形"] = "conduct",
        ["发布时间"] = "publishedOn",
    });

    public static readonly RecordLayout Criminal = new(RecordType.Criminal,
    [
        F(Field.SubjectName, "XS_XDR_MC", "被告单位名称", true, "被告人姓名/名称", "主体名称"),
        F(Field.SubjectCategory, "XS_XDR_LB", "主体类别"),
        F(Field.SubjectCreditCode, "XS_XDR_SHXYM", "统一社会信用代码"),
        F(Field.SubjectIdType, "XS_XDR_ZJLX", "证件类型"),
        F(Field.SubjectIdNumber, "XS_XDR_ZJHM", "证件号码"),
        F(Field.DocumentNumber, "XS_AH", "案号", true, "判决书文号"),
        F(Field.Category, "XS_ZM", "罪名", true),
        F(Field.Content, "XS_PJJG", "判决结果", true),
        F(Field.AuthorityName, "XS_PJFY", "判决法院", true),
        F(Field.AuthorityCode, "XS_PJFYDM", "判决法院统一社会信用代码", false, "判决法院代码"),
        F(Field.DecisionDate, "XS_PJRQ", "判决日期", true),
        F(Field.EffectiveOn, "XS_SXRQ", "生效日期"),
        F(Field.UnitName, "XS_SJLY", "数据来源单位"),
        F(Field.UnitCode, "XS_SJLYDM", "数据来源单位统一社会信用代码", false, "数据来源单位代码"),
        F(Field.Remarks, "BZ", "备注"),
    ], new Dictionary<string, string>());

    /// <summary>
    /// Picks the record type whose columns the headers match best. Codes are distinctive (CF_, QZ_, SX_, XS_); Chinese
    /// titles differ in the document number and date columns. Null when nothing or several types match equally well.
    /// </summary>
    public static RecordLayout? Detect(IReadOnlyList<string> headers)
    {
        var scored = All.Select(layout => (layout, score: Score(layout, headers)))
            .Where(s => s.score > 0)
            .OrderByDescending(s => s.score)
            .ToList();
        if (scored.Count == 0 || (scored.Count > 1 && scored[0].score == scored[1].score))
            return null;
        return scored[0].layout;
    }

    private static int Score(RecordLayout layout, IReadOnlyList<string> headers)
    {
        var matched = headers.Select(layout.Resolve).OfType<FieldSpec>().Where(s => s.Field != Field.Extra).ToList();
        var distinct = matched.Select(s => s.Field).Distinct().Count();
        if (!matched.Any(s => s.Field == Field.DocumentNumber) || !matched.Any(s => s.Field == Field.DecisionDate))
            return 0;
        // A type-specific code or title counts more than a shared one such as 统一社会信用代码 or 备注.
        var specific = headers.Count(h => layout.Resolve(h) is { } spec && IsSpecificTo(layout, h, spec));
        return distinct + (10 * specific);
    }

    private static bool IsSpecificTo(RecordLayout layout, string header, FieldSpec spec) =>
        spec.Field is Field.DocumentNumber or Field.DecisionDate or Field.Category or Field.ListName or Field.AuthorityName
        && All.Where(l => l != layout).All(other => other.Resolve(header) is null);
}
