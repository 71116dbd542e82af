using System.Globalization;
using System.Text.Json;
using CreditProof.Calendar;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Units;

namespace CreditProof.Ingest;

/// <summary>A rejected value: where (row, column), what (value, masked when personal), which rule and why, in Chinese and English.</summary>
public sealed record RowError(int Row, string Column, string? Value, string Rule, string MessageZh, string MessageEn);

/// <summary>A row that passed validation, ready to be matched against the record it may already be.</summary>
public sealed class ValidRow
{
    public required int Row { get; init; }

    public required ViolationRecord Record { get; init; }

    public required string SubjectCode { get; init; }

    public required SubjectType SubjectType { get; init; }

    public required string SubjectRegion { get; init; }

    public required string SnapshotJson { get; init; }

    public required string UnitCode { get; init; }

    public bool Late { get; init; }
}

public enum RowVerdict
{
    Valid,
    Rejected,
    OutOfScope,
}

public readonly record struct RowCheck(RowVerdict Verdict, ValidRow? Valid, IReadOnlyList<RowError> Errors);

/// <summary>What a validator needs to know about the platform, loaded once per batch.</summary>
public sealed class ValidationContext
{
    public required IReadOnlyDictionary<string, DataSourceUnit> UnitsByCode { get; init; }

    /// <summary>The unit that submits (--unit or the API caller); rows of another unit are refused when <see cref="OnlyOwnUnit"/>.</summary>
    public DataSourceUnit? SubmittingUnit { get; init; }

    public bool OnlyOwnUnit { get; init; }

    public required SubjectCodeValidator Subjects { get; init; }

    public required WorkingDayCalendar Calendar { get; init; }

    /// <summary>Today in the province (<see cref="Platform.PlatformClock"/>): decision dates after it are errors; the receipt date for timeliness.</summary>
    public required DateOnly Today { get; init; }

    /// <summary>Decisions before the collection start are out of scope (<see cref="Platform.PlatformOptions.CollectionStart"/>).</summary>
    public required DateOnly CollectionStart { get; init; }

    public required DateTime ReceivedAtUtc { get; init; }

    public required IngestOptions Options { get; init; }

    public required Channel Channel { get; init; }

    public Guid? BatchId { get; init; }
}

/// <summary>Checks one row at a time against the national field standard and turns it into a record.</summary>
public sealed class RowValidator(RecordLayout layout, ValidationContext context)
{
    private static readonly int FieldCount = Enum.GetValues<Field>().Length;
    private static readonly Dictionary<Field, int> MaxLengths = new()
    {
        [Field.SubjectName] = 200, [Field.DocumentNumber] = 128, [Field.Category] = 200, [Field.Facts] = 4000,
        [Field.LegalBasis] = 2000, [Field.Content] = 4000, [Field.AuthorityName] = 200, [Field.Remarks] = 1000,
        [Field.ViolationType] = 500, [Field.LicenceAffected] = 500, [Field.ListName] = 200,
    };

    private readonly Dictionary<DateOnly, int> _delays = [];
    private IReadOnlyList<string>? _headers;
    private FieldSpec?[] _columns = [];

    public RecordLayout Layout => layout;

    public RowCheck Check(RawRow raw)
    {
        MapColumns(raw.Headers);
        var values = new string?[FieldCount];
        var columnNames = new string?[FieldCount];
        List<KeyValuePair<string, string>>? extra = null;
        List<RowError>? conflicts = null;
        for (var i = 0; i < raw.Values.Length && i < _columns.Length; i++)
        {
            // Messages name the file's own column (行政处罚决定书文号), also when its cell is empty, never the code (CF_WSH).
            if (_columns[i] is { Field: not Field.Extra } named && columnNames[(int)named.Field] is null)
                columnNames[(int)named.Field] = raw.Headers[i];
            if (_columns[i] is not { } spec || raw.Values[i] is not { } value)
                continue;
            if (raw.IsInexact(i))
            {
                // Never filed under the rounded digits (140105198503123518 read as 140105198503124000 passes the check digit).
                (conflicts ??= []).Add(raw.LostDigits(i));
                continue;
            }

            if (spec.Field == Field.Extra)
            {
                extra ??= [];
                if (extra.FindIndex(e => e.Key == spec.Code) is var at and >= 0)
                {
                    if (!string.Equals(extra[at].Value, value, StringComparison.Ordinal))
                        (conflicts ??= []).Add(Conflict(raw, i, value, raw.Headers[Array.FindIndex(_columns, c => c?.Code == spec.Code)]));
                }
                else
                {
                    extra.Add(new(spec.Code, value));
                }

                continue;
            }

            var f = (int)spec.Field;
            if (values[f] is null)
            {
                values[f] = value;
                columnNames[f] = raw.Headers[i];
            }
            else if (!string.Equals(values[f], value, StringComparison.Ordinal))
            {
                (conflicts ??= []).Add(Conflict(raw, i, value, columnNames[f]!));
            }
        }

        var row = new RowReader(raw.Number, values, columnNames, layout);
        var check = Validate(row, extra);
        if (conflicts is null)
            return check;
        return check.Verdict == RowVerdict.Rejected
            ? check with { Errors = [.. conflicts, .. check.Errors] }
            : new RowCheck(RowVerdict.Rejected, null, conflicts);
    }

    /// <summary>Two columns that name the same field (say CF_WSH and 行政处罚决定书文号, or two spellings of one) with different values.</summary>
    private static RowError Conflict(RawRow raw, int column, string value, string other) => new(raw.Number, raw.Headers[column], ResidentId.MaskAll(value), "duplicate_column",
        $"列“{raw.Headers[column]}”与列“{other}”是同一项，但值不同", $"column '{raw.Headers[column]}' is the same field as column '{other}' but holds a different value");

    private void MapColumns(IReadOnlyList<string> headers)
    {
        if (ReferenceEquals(headers, _headers))
            return;
        _headers = headers;
        _columns = headers.Select(layout.Resolve).ToArray();
    }

    private RowCheck Validate(RowReader row, List<KeyValuePair<string, string>>? extra)
    {
        var errors = new List<RowError>();

        // Out of scope first: a row from before the collection start is not the platform's business, whatever else it has.
        DateOnly decisionDate = default;
        if (row.Required(Field.DecisionDate, errors) is { } decisionText)
        {
            if (!FieldValues.TryParseDate(decisionText, out decisionDate))
                errors.Add(row.Error(Field.DecisionDate, decisionText, "date", "日期格式无法识别（可用 2024-03-05、2024/3/5、20240305、2024年3月5日）",
                    "unrecognised date (use 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日)"));
            else if (decisionDate < context.CollectionStart)
                return new RowCheck(RowVerdict.OutOfScope, null, [row.Error(Field.DecisionDate, decisionText, "out_of_scope",
                    $"决定日期早于归集起始日{FormatDate(context.CollectionStart)}，不在归集范围内",
                    $"decision date is before the collection start {FormatDate(context.CollectionStart)}: out of scope")]);
            else if (decisionDate > context.Today)
                errors.Add(row.Error(Field.DecisionDate, decisionText, "date_future", "决定日期晚于今天", "decision date is in the future"));
        }

        var subjectName = row.Required(Field.SubjectName, errors);
        var documentNumber = row.Required(Field.DocumentNumber, errors);
        var authorityName = row.Required(Field.AuthorityName, errors);
        foreach (var (field, max) in MaxLengths)
        {
            if (row[field] is { } text && text.Length > max)
                errors.Add(row.Error(field, text[..Math.Min(40, text.Length)] + "…", "too_long", $"超过{max}个字符", $"longer than {max} characters"));
        }

        var subject = CheckSubject(row, errors);
        var unit = CheckUnit(row, errors);
        if (unit is not null)
            CheckFiling(row, unit, authorityName, errors);
        CheckCode(row, Field.AuthorityCode, errors);
        if (row[Field.LegalRepresentativeIdNumber] is { } repId && !ResidentId.Check(repId, context.Today).IsValid)
        {
            var check = ResidentId.Check(repId, context.Today);
            errors.Add(row.Error(Field.LegalRepresentativeIdNumber, repId, "id_number", "法定代表人身份证号码无效：" + check.ProblemZh, "invalid ID number of the legal representative: " + check.ProblemEn));
        }

        var (status, category) = CheckCategory(row, errors);
        var procedure = row[Field.Procedure] switch
        {
            null => Procedure.Unknown,
            "简易" or "简易程序" => Procedure.Simplified,
            "普通" or "普通程序" or "一般程序" => Procedure.Ordinary,
            var other => Reject(Procedure.Unknown, row.Error(Field.Procedure, other, "procedure", "程序类型应为“简易”或“普通”", "procedure must be 简易 (simplified) or 普通 (ordinary)")),
        };
        var severity = row[Field.Severity] switch
        {
            null => Severity.Unknown,
            "轻微" => Severity.Minor,
            "一般" => Severity.General,
            "严重" => Severity.Serious,
            var other => Reject(Severity.Unknown, row.Error(Field.Severity, other, "severity", "严重程度应为“轻微”“一般”或“严重”", "severity must be 轻微, 一般 or 严重")),
        };
        var repair = row[Field.RepairStatus] switch
        {
            null or "未修复" => RepairStatus.NotRepaired,
            "已修复" => RepairStatus.Repaired,
            var other => Reject(RepairStatus.NotRepaired, row.Error(Field.RepairStatus, other, "repair_status", "信用修复状态应为“已修复”或空", "repair status must be 已修复 or empty")),
        };
        var fine = Amount(row, Field.Fine, errors);
        var confiscated = Amount(row, Field.Confiscated, errors);
        var validUntil = OptionalDate(row, Field.ValidUntil, errors);
        var publicityEnd = OptionalDate(row, Field.PublicityEnd, errors);
        var repairedOn = OptionalDate(row, Field.RepairedOn, errors);
        var removedOn = OptionalDate(row, Field.RemovedOn, errors);
        var effectiveOn = OptionalDate(row, Field.EffectiveOn, errors);
        string? extraJson = null;
        if (extra is not null)
        {
            extraJson = JsonSerializer.Serialize(new SortedDictionary<string, string>(extra.ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal));
            if (extraJson.Length > 8000)
                errors.Add(new RowError(row.Number, "*", null, "too_long", "名单附加信息超过8000个字符", "list-specific attributes are longer than 8000 characters"));
        }

        errors.AddRange(_pending);
        _pending.Clear();
        if (errors.Count > 0)
            return new RowCheck(RowVerdict.Rejected, null, errors);

        ViolationRecord record = layout.Type switch
        {
            RecordType.Penalty => new PenaltyRecord
            {
                SubjectName = subjectName!, DocumentNumber = documentNumber!, ViolationType = row[Field.ViolationType],
                FineFen = fine, ConfiscatedFen = confiscated, LicenceAffected = row[Field.LicenceAffected],
            },
            RecordType.Enforcement => new EnforcementRecord { SubjectName = subjectName!, DocumentNumber = documentNumber! },
            RecordType.Dishonesty => new DishonestyListing
            {
                SubjectName = subjectName!, DocumentNumber = documentNumber!, ListName = category, RemovedOn = removedOn, ExtraJson = extraJson,
            },
            RecordType.Criminal => new CriminalJudgment { SubjectName = subjectName!, DocumentNumber = documentNumber!, EffectiveOn = effectiveOn },
        };
        record.Id = BulkIds.NewVersion7();
        record.UnitId = unit!.Id;
        record.DomainId = unit.DomainId;
        record.DecisionDate = decisionDate;
        record.Status = status;
        record.Procedure = procedure;
        record.Severity = severity;
        record.Category = category;
        record.Facts = row[Field.Facts];
        record.LegalBasis = row[Field.LegalBasis];
        record.Content = row[Field.Content];
        record.AuthorityName = authorityName;
        record.AuthorityCode = row[Field.AuthorityCode]?.ToUpperInvariant();
        record.ValidUntil = validUntil;
        record.PublicityEnd = publicityEnd;
        record.RepairStatus = repair;
        record.RepairedOn = repairedOn;
        record.Remarks = row[Field.Remarks];
        record.Channel = context.Channel;
        record.BatchId = context.BatchId;
        record.SourceRow = row.Number;
        record.ReceivedAt = context.ReceivedAtUtc;
        record.UpdatedAt = context.ReceivedAtUtc;
        record.ReportingDelayWorkingDays = Delay(decisionDate);

        return new RowCheck(RowVerdict.Valid, new ValidRow
        {
            Row = row.Number,
            Record = record,
            SubjectCode = subject!.Code,
            SubjectType = subject.Type!.Value,
            SubjectRegion = subject.RegionCode!,
            SnapshotJson = RecordSnapshot.ToJson(record),
            UnitCode = unit.CreditCode,
            Late = record.ReportingDelayWorkingDays > context.Options.LateAfterWorkingDays,
        }, []);
    }

    private readonly List<RowError> _pending = [];

    private T Reject<T>(T fallback, RowError error)
    {
        _pending.Add(error);
        return fallback;
    }

    /// <summary>Working days from decision to receipt; one batch has one receipt date, so each decision date is counted once.</summary>
    private int Delay(DateOnly decisionDate)
    {
        if (!_delays.TryGetValue(decisionDate, out var days))
            _delays[decisionDate] = days = context.Calendar.WorkingDaysBetween(decisionDate, context.Today);
        return days;
    }

    private SubjectCodeResult? CheckSubject(RowReader row, List<RowError> errors)
    {
        var hint = SubjectKindHint.Unknown;
        if (row[Field.SubjectCategory] is { } kind)
        {
            if (!ControlledLists.SubjectCategories.Contains(kind))
                errors.Add(row.Error(Field.SubjectCategory, kind, "category", "行政相对人类别应为“法人及非法人组织”“自然人”或“个体工商户”",
                    "subject category must be 法人及非法人组织, 自然人 or 个体工商户"));
            hint = kind switch
            {
                "自然人" => SubjectKindHint.NaturalPerson,
                "法人及非法人组织" => SubjectKindHint.Organisation,
                _ => SubjectKindHint.Unknown,
            };
        }

        var (field, code) = row[Field.SubjectCreditCode] is { } credit && hint != SubjectKindHint.NaturalPerson
            ? (Field.SubjectCreditCode, credit)
            : (Field.SubjectIdNumber, row[Field.SubjectIdNumber]);
        if (code is null)
        {
            errors.Add(new RowError(row.Number, $"{row.ColumnName(Field.SubjectCreditCode)} / {row.ColumnName(Field.SubjectIdNumber)}", null, "required",
                "统一社会信用代码和证件号码不能都为空", "a unified social credit code or an ID number is required"));
            return null;
        }

        var result = context.Subjects.Check(code, field == Field.SubjectIdNumber && hint == SubjectKindHint.Unknown ? SubjectKindHint.NaturalPerson : hint);
        if (!result.IsValid)
        {
            var (rule, what) = field == Field.SubjectIdNumber ? ("id_number", ("身份证号码无效：", "invalid ID number: ")) : ("credit_code", ("统一社会信用代码无效：", "invalid unified social credit code: "));
            errors.Add(row.Error(field, code, rule, what.Item1 + result.Check.ProblemZh, what.Item2 + result.Check.ProblemEn));
            return null;
        }

        return result;
    }

    private DataSourceUnit? CheckUnit(RowReader row, List<RowError> errors)
    {
        var code = row[Field.UnitCode]?.ToUpperInvariant();
        if (code is null)
        {
            if (context.SubmittingUnit is { } submitting)
                return submitting;
            errors.Add(row.Error(Field.UnitCode, null, "required", "缺少数据来源单位统一社会信用代码（可在命令行用 --unit 指定）",
                "the data source unit's credit code is missing (give it in the file or with --unit)"));
            return null;
        }

        if (!context.UnitsByCode.TryGetValue(code, out var unit))
        {
            errors.Add(row.Error(Field.UnitCode, code, "unit_unknown", "数据来源单位未在平台登记", "the data source unit is not registered on the platform"));
            return null;
        }

        if (context.OnlyOwnUnit && context.SubmittingUnit is { } own && own.Id != unit.Id)
        {
            errors.Add(row.Error(Field.UnitCode, code, "unit_not_submitter", $"只能报送本单位（{own.CreditCode}）的记录",
                $"a unit can submit only its own records ({own.CreditCode})"));
            return null;
        }

        return unit;
    }

    /// <summary>A unit files only the record types of its domain, and only under its own name or an authority registered to it.</summary>
    private void CheckFiling(RowReader row, DataSourceUnit unit, string? authorityName, List<RowError> errors)
    {
        if (unit.Domain is { } domain && !FilingRules.MayFile(layout.Type, domain.Code))
            errors.Add(row.Error(Field.UnitCode, unit.CreditCode, "record_type_not_of_unit",
                $"{unit.Name}（{domain.NameZh}领域）不能报送{RecordTypes.NameZh(layout.Type)}记录",
                $"{unit.Name} ({domain.NameEn}) may not file {RecordTypes.NameEn(layout.Type)} records"));
        if (authorityName is not null && !unit.ReportsFor(authorityName))
            errors.Add(row.Error(Field.AuthorityName, authorityName, "authority_not_of_unit",
                $"“{authorityName}”既不是本单位，也不是在平台登记由本单位报送的机关；请以本单位名义报送，或请运营方登记该机关",
                $"'{authorityName}' is neither the unit itself nor an authority registered to it on the platform; file under the unit's own name or ask the operator to register the authority"));
    }

    private static void CheckCode(RowReader row, Field field, List<RowError> errors)
    {
        if (row[field] is { } code && CreditCode.Check(code) is { IsValid: false } check)
            errors.Add(row.Error(field, code, "credit_code", "统一社会信用代码无效：" + check.ProblemZh, "invalid unified social credit code: " + check.ProblemEn));
    }

    private (LegalStatus Status, string? Category) CheckCategory(RowReader row, List<RowError> errors)
    {
        var field = layout.Type == RecordType.Dishonesty ? Field.ListName : Field.Category;
        var text = row.Required(field, errors);
        if (row[Field.SecondCategory] is { } second)
            text = text is null ? second : text + ";" + second;
        if (text is null)
            return (LegalStatus.Effective, null);
        var list = ControlledLists.For(layout.Type);
        if (list is null)
            return (LegalStatus.Effective, text);
        var parts = FieldValues.SplitCategories(text);
        if (layout.Type == RecordType.Penalty && parts.Any(ControlledLists.NotPenalised.Contains))
        {
            // 不予行政处罚: kept with that status; such rows never appear in reports.
            if (parts.Length > 1)
                errors.Add(row.Error(field, text, "category", "“不予处罚”不能与其他处罚类别同时出现", "不予处罚 (not penalised) cannot be combined with other categories"));
            return (LegalStatus.NotPenalised, "不予处罚");
        }

        foreach (var part in parts)
        {
            if (!list.Contains(part))
                errors.Add(row.Error(field, part, "category", $"“{part}”不在{layout.Type.NameZh()}的类别目录中", $"'{part}' is not in the controlled list for {layout.Type.NameEn()}"));
        }

        return (LegalStatus.Effective, layout.Type == RecordType.Dishonesty ? text : string.Join(';', parts));
    }

    private static long? Amount(RowReader row, Field field, List<RowError> errors)
    {
        if (row[field] is not { } text)
            return null;
        var amount = FieldValues.ParseWanYuan(text);
        switch (amount.Problem)
        {
            case AmountProblem.None:
                return amount.Fen;
            case AmountProblem.NotANumber:
                errors.Add(row.Error(field, text, "amount", "金额应为以万元为单位的数字", "the amount must be a number in 万元 (10,000 yuan)"));
                break;
            case AmountProblem.Negative:
                errors.Add(row.Error(field, text, "amount", "金额不能为负数", "the amount cannot be negative"));
                break;
            case AmountProblem.TooPrecise:
                errors.Add(row.Error(field, text, "amount", "金额（万元）最多6位小数（精确到分）", "the amount in 万元 has more than 6 decimals (finer than a fen)"));
                break;
        }

        return null;
    }

    private static DateOnly? OptionalDate(RowReader row, Field field, List<RowError> errors)
    {
        if (row[field] is not { } text || text is "长期" or "永久" or "无")
            return null;
        if (FieldValues.TryParseDate(text, out var date))
            return date;
        errors.Add(row.Error(field, text, "date", "日期格式无法识别（可用 2024-03-05、2024/3/5、20240305、2024年3月5日）",
            "unrecognised date (use 2024-03-05, 2024/3/5, 20240305 or 2024年3月5日)"));
        return null;
    }

    /// <summary>The values of one row by field, with the names of the columns they came from.</summary>
    private readonly struct RowReader(int number, string?[] values, string?[] columns, RecordLayout layout)
    {
        public int Number => number;

        public string? this[Field field] => values[(int)field];

        public string ColumnName(Field field) =>
            columns[(int)field] ?? layout.Fields.FirstOrDefault(f => f.Field == field)?.Code ?? field.ToString();

        public string? Required(Field field, List<RowError> errors)
        {
            if (values[(int)field] is { } value)
                return value;
            var spec = layout.Fields.FirstOrDefault(f => f.Field == field);
            errors.Add(new RowError(number, ColumnName(field), null, "required", $"必填项“{spec?.TitleZh ?? field.ToString()}”为空",
                $"required field {spec?.Code ?? field.ToString()} is empty"));
            return null;
        }

        public RowError Error(Field field, string? value, string rule, string zh, string en) =>
            new(number, ColumnName(field), MaskValue(field, value), rule, zh, en);

        /// <summary>Personal ID numbers never reach an error report in full.</summary>
        private static string? MaskValue(Field field, string? value) => value is null
            ? null
            : field is Field.SubjectIdNumber or Field.LegalRepresentativeIdNumber
                ? ResidentId.Mask(value.Trim().ToUpperInvariant())
                : ResidentId.MaskAll(value);
    }

    internal static string FormatDate(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
