namespace CreditProof.Records;

/// <summary>The four record types that count as violation records (违法违规记录).</summary>
public enum RecordType
{
    /// <summary>行政处罚</summary>
    Penalty = 1,

    /// <summary>行政强制</summary>
    Enforcement = 2,

    /// <summary>严重失信主体名单</summary>
    Dishonesty = 3,

    /// <summary>刑事裁判（犯罪记录）</summary>
    Criminal = 4,
}

/// <summary>The legal status of a record. Only <see cref="Effective"/> records appear in reports.</summary>
public enum LegalStatus
{
    /// <summary>有效: confirmed by an effective legal document.</summary>
    Effective = 1,

    /// <summary>不予处罚: the authority decided not to penalise; kept, never reported.</summary>
    NotPenalised = 2,

    /// <summary>撤销: withdrawn by the unit or annulled.</summary>
    Revoked = 3,

    /// <summary>删除: deleted after an objection or correction; kept with its history.</summary>
    Deleted = 4,
}

/// <summary>程序类型: never guessed from the amount.</summary>
public enum Procedure
{
    Unknown = 0,

    /// <summary>简易程序</summary>
    Simplified = 1,

    /// <summary>普通程序</summary>
    Ordinary = 2,
}

/// <summary>Severity for publicity and repair periods (轻微 / 一般 / 严重).</summary>
public enum Severity
{
    Unknown = 0,
    Minor = 1,
    General = 2,
    Serious = 3,
}

/// <summary>信用修复状态. A repaired record still appears in special reports, marked 已修复.</summary>
public enum RepairStatus
{
    NotRepaired = 0,
    Repaired = 1,

    /// <summary>公示期满: the maximum publicity period passed and publicity stopped automatically.</summary>
    PublicityEnded = 2,
}

/// <summary>Why a version of a record was written.</summary>
public enum ChangeKind
{
    Created = 1,
    Corrected = 2,
    Revoked = 3,
    Deleted = 4,
    Repaired = 5,
    PublicityEnded = 6,
}

public static class RecordTypes
{
    public static string NameZh(this RecordType type) => type switch
    {
        RecordType.Penalty => "行政处罚",
        RecordType.Enforcement => "行政强制",
        RecordType.Dishonesty => "严重失信主体名单",
        RecordType.Criminal => "刑事裁判",
    };

    public static string NameEn(this RecordType type) => type switch
    {
        RecordType.Penalty => "administrative penalty",
        RecordType.Enforcement => "administrative enforcement",
        RecordType.Dishonesty => "serious-dishonesty listing",
        RecordType.Criminal => "criminal judgment",
    };

    /// <summary>The short name used in files, URLs and the CLI (<c>penalty|enforcement|dishonesty|criminal</c>).</summary>
    public static string Slug(this RecordType type) => type switch
    {
        RecordType.Penalty => "penalty",
        RecordType.Enforcement => "enforcement",
        RecordType.Dishonesty => "dishonesty",
        RecordType.Criminal => "criminal",
    };

    public static RecordType? FromSlug(string? slug) => slug?.Trim().ToLowerInvariant() switch
    {
        "penalty" or "行政处罚" => RecordType.Penalty,
        "enforcement" or "行政强制" => RecordType.Enforcement,
        "dishonesty" or "严重失信主体名单" => RecordType.Dishonesty,
        "criminal" or "刑事裁判" => RecordType.Criminal,
        _ => null,
    };

    public static string NameZh(this LegalStatus status) => status switch
    {
        LegalStatus.Effective => "有效",
        LegalStatus.NotPenalised => "不予处罚",
        LegalStatus.Revoked => "已撤销",
        LegalStatus.Deleted => "已删除",
    };
}
