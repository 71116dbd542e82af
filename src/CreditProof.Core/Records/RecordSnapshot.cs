using System.Globalization;
using System.Text.Json;

namespace CreditProof.Records;

/// <summary>The content of a record as an ordered field map: what a version stores and what a correction is compared on.</summary>
public static class RecordSnapshot
{
    public static SortedDictionary<string, string?> Capture(ViolationRecord record)
    {
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["SubjectName"] = record.SubjectName,
            ["DocumentNumber"] = record.DocumentNumber,
            ["DecisionDate"] = Format(record.DecisionDate),
            ["Status"] = record.Status.ToString(),
            ["Procedure"] = record.Procedure.ToString(),
            ["Severity"] = record.Severity.ToString(),
            ["Category"] = record.Category,
            ["Facts"] = record.Facts,
            ["LegalBasis"] = record.LegalBasis,
            ["Content"] = record.Content,
            ["AuthorityName"] = record.AuthorityName,
            ["AuthorityCode"] = record.AuthorityCode,
            ["ValidUntil"] = Format(record.ValidUntil),
            ["PublicityEnd"] = Format(record.PublicityEnd),
            ["RepairStatus"] = record.RepairStatus.ToString(),
            ["RepairedOn"] = Format(record.RepairedOn),
            ["RepairNote"] = record.RepairNote,
            ["Remarks"] = record.Remarks,
        };
        switch (record)
        {
            case PenaltyRecord p:
                fields["ViolationType"] = p.ViolationType;
                fields["FineFen"] = p.FineFen?.ToString(CultureInfo.InvariantCulture);
                fields["ConfiscatedFen"] = p.ConfiscatedFen?.ToString(CultureInfo.InvariantCulture);
                fields["LicenceAffected"] = p.LicenceAffected;
                break;
            case DishonestyListing d:
                fields["ListName"] = d.ListName;
                fields["RemovedOn"] = Format(d.RemovedOn);
                fields["ExtraJson"] = d.ExtraJson;
                break;
            case CriminalJudgment c:
                fields["EffectiveOn"] = Format(c.EffectiveOn);
                break;
        }

        return fields;
    }

    public static string ToJson(SortedDictionary<string, string?> fields) => JsonSerializer.Serialize(fields);

    /// <summary>The names of the fields whose values differ, in order.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        after.Keys.Union(before.Keys).Order(StringComparer.Ordinal)
            .Where(k => !string.Equals(before.GetValueOrDefault(k), after.GetValueOrDefault(k), StringComparison.Ordinal))
            .ToList();

    private static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
