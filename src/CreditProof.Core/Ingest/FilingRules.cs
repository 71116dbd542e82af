using CreditProof.Records;

namespace CreditProof.Ingest;

/// <summary>
/// Which record types a unit may file, by its domain: criminal judgments (刑事裁判) come from the courts and from
/// public security (which keeps the criminal records); administrative penalties and enforcement (行政处罚、行政强制)
/// from administrative authorities, not from courts; any domain publishes its own dishonesty lists (严重失信主体名单).
/// </summary>
public static class FilingRules
{
    public const string Courts = "court-enforcement";
    public const string PublicSecurity = "public-security";

    public static bool MayFile(RecordType type, string domainCode) => type switch
    {
        RecordType.Criminal => domainCode is Courts or PublicSecurity,
        RecordType.Penalty or RecordType.Enforcement => domainCode != Courts,
        RecordType.Dishonesty => true,
    };
}
