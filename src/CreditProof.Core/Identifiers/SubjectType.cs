namespace CreditProof.Identifiers;

/// <summary>The kind of credit subject, derived from positions 1–2 of the credit code (GB 32100) or from an ID number.</summary>
public enum SubjectType
{
    /// <summary>企业</summary>
    Enterprise = 1,

    /// <summary>个体工商户</summary>
    IndividualBusiness = 2,

    /// <summary>农民专业合作社</summary>
    FarmerCooperative = 3,

    /// <summary>机关</summary>
    GovernmentAgency = 4,

    /// <summary>事业单位</summary>
    PublicInstitution = 5,

    /// <summary>社会组织: 社会团体, 民办非企业单位, 基金会</summary>
    SocialOrganisation = 6,

    /// <summary>农村集体经济组织</summary>
    RuralCollective = 7,

    /// <summary>其他组织</summary>
    OtherOrganisation = 8,

    /// <summary>自然人</summary>
    NaturalPerson = 9,
}

public static class SubjectTypes
{
    public static string NameZh(this SubjectType type) => type switch
    {
        SubjectType.Enterprise => "企业",
        SubjectType.IndividualBusiness => "个体工商户",
        SubjectType.FarmerCooperative => "农民专业合作社",
        SubjectType.GovernmentAgency => "机关",
        SubjectType.PublicInstitution => "事业单位",
        SubjectType.SocialOrganisation => "社会组织",
        SubjectType.RuralCollective => "农村集体经济组织",
        SubjectType.OtherOrganisation => "其他组织",
        SubjectType.NaturalPerson => "自然人",
    };

    public static string NameEn(this SubjectType type) => type switch
    {
        SubjectType.Enterprise => "enterprise",
        SubjectType.IndividualBusiness => "individual business",
        SubjectType.FarmerCooperative => "farmers' cooperative",
        SubjectType.GovernmentAgency => "government agency",
        SubjectType.PublicInstitution => "public institution",
        SubjectType.SocialOrganisation => "social organisation",
        SubjectType.RuralCollective => "rural collective economic organisation",
        SubjectType.OtherOrganisation => "other organisation",
        SubjectType.NaturalPerson => "natural person",
    };

    /// <summary>Maps positions 1–2 of a credit code (registration authority, entity type) to a subject type.</summary>
    public static SubjectType? FromCreditCodePrefix(char authority, char entityType) => (authority, entityType) switch
    {
        ('9', '1') => SubjectType.Enterprise,
        ('9', '2') => SubjectType.IndividualBusiness,
        ('9', '3') => SubjectType.FarmerCooperative,
        ('9', '9') => SubjectType.Enterprise,
        ('1', '1') => SubjectType.GovernmentAgency,
        ('1', '2') => SubjectType.PublicInstitution,
        ('1', '3' or '9') => SubjectType.OtherOrganisation,
        ('5', '1' or '2' or '3' or '9') => SubjectType.SocialOrganisation,
        ('N', '1' or '2' or '3' or '9') => SubjectType.RuralCollective,
        ('2' or '3' or '4' or '6' or '7' or '8' or 'A', _) when entityType is >= '1' and <= '9' => SubjectType.OtherOrganisation,
        ('Y', '1') => SubjectType.OtherOrganisation,
        _ => null,
    };
}
