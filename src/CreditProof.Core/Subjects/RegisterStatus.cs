namespace CreditProof.Subjects;

/// <summary>A subject's registration status (登记状态) as the registration authority reports it.</summary>
public enum RegisterStatus
{
    /// <summary>存续 (also written 在业, 开业)</summary>
    Active = 1,

    /// <summary>注销: deregistered, the subject no longer exists</summary>
    Deregistered = 2,

    /// <summary>吊销: business licence revoked; the subject still exists until it is deregistered</summary>
    Revoked = 3,

    /// <summary>迁出: registration moved to another registration authority</summary>
    MovedOut = 4,

    /// <summary>迁入: registration moved here from another registration authority</summary>
    MovedIn = 5,
}

public static class RegisterStatuses
{
    public static string NameZh(this RegisterStatus status) => status switch
    {
        RegisterStatus.Active => "存续",
        RegisterStatus.Deregistered => "注销",
        RegisterStatus.Revoked => "吊销",
        RegisterStatus.MovedOut => "迁出",
        RegisterStatus.MovedIn => "迁入",
    };

    public static string NameEn(this RegisterStatus status) => status switch
    {
        RegisterStatus.Active => "active",
        RegisterStatus.Deregistered => "deregistered",
        RegisterStatus.Revoked => "licence revoked",
        RegisterStatus.MovedOut => "moved out",
        RegisterStatus.MovedIn => "moved in",
    };

    /// <summary>The status a register file writes, in Chinese or English; null when unknown.</summary>
    public static RegisterStatus? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "存续" or "在业" or "开业" or "存续（在营、开业、在册）" or "在营" or "在册" or "active" => RegisterStatus.Active,
        "注销" or "已注销" or "deregistered" => RegisterStatus.Deregistered,
        "吊销" or "已吊销" or "吊销，未注销" or "revoked" or "licence revoked" => RegisterStatus.Revoked,
        "迁出" or "已迁出" or "moved out" or "moved-out" => RegisterStatus.MovedOut,
        "迁入" or "moved in" or "moved-in" => RegisterStatus.MovedIn,
        _ => null,
    };

    /// <summary>The subject type a register file writes (主体类型), in Chinese or English; null when unknown.</summary>
    public static Identifiers.SubjectType? ParseType(string text) => text.Trim().ToLowerInvariant() switch
    {
        "企业" or "公司" or "enterprise" => Identifiers.SubjectType.Enterprise,
        "个体工商户" or "个体" or "individual business" => Identifiers.SubjectType.IndividualBusiness,
        "农民专业合作社" or "合作社" or "farmers' cooperative" or "cooperative" => Identifiers.SubjectType.FarmerCooperative,
        "事业单位" or "public institution" => Identifiers.SubjectType.PublicInstitution,
        "社会组织" or "社会团体" or "民办非企业单位" or "基金会" or "social organisation" => Identifiers.SubjectType.SocialOrganisation,
        "机关" or "government agency" => Identifiers.SubjectType.GovernmentAgency,
        "农村集体经济组织" or "rural collective economic organisation" => Identifiers.SubjectType.RuralCollective,
        "其他" or "其他组织" or "other" or "other organisation" => Identifiers.SubjectType.OtherOrganisation,
        _ => null,
    };
}
