using CreditProof.Identifiers;
using CreditProof.Subjects;

namespace CreditProof.Ingest;

/// <summary>The columns of a register file (主体库), by English code or Chinese title.</summary>
public enum RegisterField
{
    Code,
    Name,
    Type,
    Region,
    RegisteredOn,
    Status,
    FormerNames,
}

/// <summary>Bound from the <c>Register</c> configuration section; the defaults are Shanxi's.</summary>
public sealed class RegisterOptions
{
    public const string Section = "Register";

    /// <summary>Rows per chunk written to the database.</summary>
    public int ChunkSize { get; set; } = 4000;

    /// <summary>Identities a batch keeps in memory for its duplicate check; more move to a temporary database.</summary>
    public int DuplicateCheckInMemoryRows { get; set; } = BatchIdentities.DefaultInMemoryLimit;

    /// <summary>Most rows one API request may carry.</summary>
    public int ApiRowLimit { get; set; } = 5000;
}

/// <summary>The two header sets of a register file: <c>code,name,type,region,registered_on,status,former_names</c> and their Chinese titles.</summary>
public static class RegisterLayout
{
    public static readonly IReadOnlyList<(RegisterField Field, string Code, string TitleZh)> Fields =
    [
        (RegisterField.Code, "code", "统一社会信用代码"),
        (RegisterField.Name, "name", "名称"),
        (RegisterField.Type, "type", "主体类型"),
        (RegisterField.Region, "region", "登记地行政区划"),
        (RegisterField.RegisteredOn, "registered_on", "成立日期"),
        (RegisterField.Status, "status", "登记状态"),
        (RegisterField.FormerNames, "former_names", "曾用名"),
    ];

    private static readonly Dictionary<string, RegisterField> Names = BuildNames();

    public static readonly HeaderRule Header = new(
        cells => cells.Select(Resolve).OfType<RegisterField>().Distinct().Count() >= 3 && cells.Any(c => Resolve(c) == RegisterField.Code),
        "code、name、status 或 统一社会信用代码、名称、登记状态", "code, name, status or 统一社会信用代码, 名称, 登记状态");

    public static RegisterField? Resolve(string header) =>
        Names.TryGetValue(header.Trim().TrimStart('\uFEFF'), out var field) ? field : null;

    public static string Code(RegisterField field) => Fields[(int)field].Code;

    public static string TitleZh(RegisterField field) => Fields[(int)field].TitleZh;

    private static Dictionary<string, RegisterField> BuildNames()
    {
        var names = new Dictionary<string, RegisterField>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, code, title) in Fields)
        {
            names[code] = field;
            names[title] = field;
        }

        // Titles seen in registration authorities' exports.
        names["主体名称"] = names["企业名称"] = names["单位名称"] = RegisterField.Name;
        names["类型"] = names["市场主体类型"] = RegisterField.Type;
        names["登记地"] = names["行政区划代码"] = names["登记机关行政区划"] = RegisterField.Region;
        names["成立日期（注册日期）"] = names["注册日期"] = names["登记日期"] = RegisterField.RegisteredOn;
        names["经营状态"] = names["状态"] = RegisterField.Status;
        return names;
    }
}

/// <summary>A register row that passed validation: the subject as the register describes it.</summary>
public sealed record RegisterRow(
    int Row,
    string Code,
    string Name,
    SubjectType Type,
    string RegionCode,
    DateOnly? RegisteredOn,
    RegisterStatus Status,
    IReadOnlyList<string> FormerNames);

/// <summary>
/// Checks one register row: the code's check digits (or the operator's allow-list), a registration region in the
/// province, a known type and status, dates that are valid and not in the future, lengths. Errors are
/// <see cref="RowError"/>s, exactly as a record import reports them.
/// </summary>
public sealed class RegisterRowValidator(SubjectCodeValidator codes, string provinceCode, DateOnly today)
{
    private IReadOnlyList<string>? _headers;
    private RegisterField?[] _columns = [];

    public (RegisterRow? Row, IReadOnlyList<RowError> Errors) Check(RawRow raw)
    {
        if (!ReferenceEquals(raw.Headers, _headers))
        {
            _headers = raw.Headers;
            _columns = raw.Headers.Select(RegisterLayout.Resolve).ToArray();
        }

        var values = new string?[RegisterLayout.Fields.Count];
        var columns = new string?[RegisterLayout.Fields.Count];
        List<RowError>? lost = null;
        for (var i = 0; i < raw.Values.Length && i < _columns.Length; i++)
        {
            if (_columns[i] is not null && raw.IsInexact(i))
            {
                (lost ??= []).Add(raw.LostDigits(i));
                continue;
            }

            if (_columns[i] is { } field && raw.Values[i] is { } value && values[(int)field] is null)
            {
                values[(int)field] = value;
                columns[(int)field] = raw.Headers[i];
            }
        }

        var row = new Reader(raw.Number, values, columns);
        var errors = lost ?? [];

        string? code = null;
        var codeText = row.Required(RegisterField.Code, errors);
        SubjectCodeResult? checkedCode = null;
        if (codeText is not null)
        {
            checkedCode = codes.Check(codeText, SubjectKindHint.Organisation);
            if (!checkedCode.IsValid)
                errors.Add(row.Error(RegisterField.Code, codeText, "credit_code", "统一社会信用代码无效：" + checkedCode.Check.ProblemZh,
                    "invalid unified social credit code: " + checkedCode.Check.ProblemEn));
            else
                code = checkedCode.Code;
        }

        var name = row.Required(RegisterField.Name, errors);
        if (name is { Length: > 200 })
            errors.Add(row.Error(RegisterField.Name, name[..40] + "…", "too_long", "名称超过200个字符", "the name is longer than 200 characters"));

        SubjectType? type = null;
        if (row[RegisterField.Type] is { } typeText)
        {
            type = RegisterStatuses.ParseType(typeText);
            if (type is null)
                errors.Add(row.Error(RegisterField.Type, typeText, "type", "主体类型应为 企业、个体工商户、农民专业合作社、事业单位、社会组织、机关 或 其他",
                    "the type must be 企业, 个体工商户, 农民专业合作社, 事业单位, 社会组织, 机关 or 其他"));
        }
        else if (checkedCode is { IsValid: true, Type: { } fromCode })
        {
            type = fromCode;
        }

        // Without a region column, the registration region is the code's (positions 3–8).
        var region = row[RegisterField.Region] ?? (checkedCode is { IsValid: true } ? checkedCode.RegionCode : null);
        if (region is not null)
        {
            if (region.Length != 6 || region.AsSpan().ContainsAnyExceptInRange('0', '9'))
                errors.Add(row.Error(RegisterField.Region, region, "region", "登记地行政区划应为6位数字代码（GB/T 2260）",
                    "the registration region must be a 6-digit division code (GB/T 2260)"));
            else if (!region.StartsWith(provinceCode, StringComparison.Ordinal))
                errors.Add(row.Error(RegisterField.Region, region, "region_outside_province",
                    $"登记地“{region}”不在本省（行政区划代码以{provinceCode}开头），本平台只收录注册地在本省的主体",
                    $"the registration region '{region}' is outside the province (codes starting {provinceCode}); the register holds subjects registered in the province only"));
        }

        var registeredOn = Date(row, RegisterField.RegisteredOn, errors);

        var status = RegisterStatus.Active;
        if (row[RegisterField.Status] is { } statusText)
        {
            if (RegisterStatuses.Parse(statusText) is { } parsed)
                status = parsed;
            else
                errors.Add(row.Error(RegisterField.Status, statusText, "status", "登记状态应为 存续（在业、开业）、注销、吊销、迁出 或 迁入",
                    "the status must be 存续 (also 在业, 开业), 注销, 吊销, 迁出 or 迁入"));
        }

        var formerNames = SubjectNames.Split(row[RegisterField.FormerNames]);
        if (formerNames.Any(n => n.Length > 200) || formerNames.Sum(n => n.Length + 1) > 1500)
            errors.Add(row.Error(RegisterField.FormerNames, row[RegisterField.FormerNames]![..40] + "…", "too_long", "曾用名过长（每个最多200个字符，合计最多1500个字符）",
                "the former names are too long (at most 200 characters each, 1,500 in all)"));

        if (errors.Count > 0)
            return (null, errors);
        return (new RegisterRow(raw.Number, code!, name!, type ?? SubjectType.OtherOrganisation, region!, registeredOn, status,
            [.. formerNames.Where(n => !string.Equals(n, name, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)]), []);
    }

    private DateOnly? Date(Reader row, RegisterField field, List<RowError> errors)
    {
        if (row[field] is not { } text)
            return null;
        if (!FieldValues.TryParseDate(text, out var date))
        {
            errors.Add(row.Error(field, text, "date", "日期格式无法识别（可用 2024-03-05、2024/3/5、20240305、2024年3月5日）",
                "unrecognised date (use 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日)"));
            return null;
        }

        if (date > today)
        {
            errors.Add(row.Error(field, text, "date_future", "成立日期晚于今天", "the date of establishment is in the future"));
            return null;
        }

        return date;
    }

    /// <summary>The values of one row by field, with the names of the columns they came from.</summary>
    private readonly struct Reader(int number, string?[] values, string?[] columns)
    {
        public string? this[RegisterField field] => values[(int)field];

        public string? Required(RegisterField field, List<RowError> errors)
        {
            if (values[(int)field] is { } value)
                return value;
            errors.Add(new RowError(number, ColumnName(field), null, "required", $"必填项“{RegisterLayout.TitleZh(field)}”为空",
                $"required field {RegisterLayout.Code(field)} is empty"));
            return null;
        }

        /// <summary>A personal ID number typed into any column never reaches an error report in full.</summary>
        public RowError Error(RegisterField field, string? value, string rule, string zh, string en) =>
            new(number, ColumnName(field), value is null ? null : ResidentId.MaskAll(value), rule, zh, en);

        private string ColumnName(RegisterField field) => columns[(int)field] ?? RegisterLayout.Code(field);
    }
}
