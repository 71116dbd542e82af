using System.Globalization;
using CreditProof.Notifications;
using CreditProof.Records;
using CreditProof.Repairs;

namespace CreditProof.Ingest;

/// <summary>
/// The message a subject gets for every new record about it (at ingest): who reported what, how to object, and from when
/// repair may be applied for (<see cref="PublicityPeriods.RepairAllowedFrom"/>) — the repair notice travels with the record.
/// </summary>
public sealed class NewRecordNotices(IReadOnlyDictionary<int, string> unitNames, PublicityPeriods periods, DateTime now)
{
    public static string LinkOf(Guid recordId) => "record:" + recordId.ToString();

    public Notification For(ViolationRecord record)
    {
        var unit = unitNames.GetValueOrDefault(record.UnitId, "");
        var decided = record.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var repair = periods.RepairAllowedFrom(record) is { } from
            ? ($"如已纠正失信行为、履行相关义务，可自{from:yyyy-MM-dd}起申请信用修复。", $"Once the behaviour is corrected and the obligations fulfilled, you may apply for credit repair from {from:yyyy-MM-dd}.")
            : ("该类记录不适用信用修复。", "Records of this type cannot be repaired.");
        return new Notification
        {
            RecipientKind = RecipientKind.Subject,
            RecipientId = record.SubjectId.ToString(),
            TitleZh = $"新增{record.Type.NameZh()}记录",
            TitleEn = $"A new {record.Type.NameEn()} record",
            BodyZh = $"{unit}报送了一条关于您的{record.Type.NameZh()}记录（文号{record.DocumentNumber}，决定日期{decided}）。如认为记录有误，可在“我的信用”中打开该记录提出异议，由平台转数源单位核查。{repair.Item1}",
            BodyEn = $"{unit} reported a {record.Type.NameEn()} about you (document {record.DocumentNumber}, decided {decided}). If you believe it is wrong, open it under My credit and raise an objection; the platform passes it to the unit to check. {repair.Item2}",
            Link = LinkOf(record.Id),
            CreatedAt = now,
        };
    }
}
