using System.Text.Json;
using CreditProof.Records;

namespace CreditProof.Tests.Records;

public sealed class RecordSnapshotTests
{
    public static TheoryData<ViolationRecord> Records() =>
    [
        new PenaltyRecord
        {
            SubjectName = "山西\"引号\"<商贸>&有限公司", DocumentNumber = "晋罚〔2024〕1号", DecisionDate = new(2024, 3, 5), Category = "罚款;没收违法所得",
            Facts = "事实\n第二行\t制表 😀", FineFen = 3_500_000, LicenceAffected = null, Status = LegalStatus.NotPenalised, Procedure = Procedure.Simplified,
        },
        new EnforcementRecord { SubjectName = "张三", DocumentNumber = "晋强〔2023〕7号", DecisionDate = new(2023, 1, 2), ValidUntil = new(2025, 1, 2) },
        new DishonestyListing { SubjectName = "某公司", DocumentNumber = "（2024）晋01执1号", ListName = "失信被执行人", ExtraJson = "{\"court\":\"太原中院\"}", RemovedOn = new(2025, 6, 1) },
        new CriminalJudgment { SubjectName = "李四", DocumentNumber = "（2023）晋0105刑初9号", EffectiveOn = new(2023, 9, 9), RepairStatus = RepairStatus.Repaired },
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Direct_json_is_exactly_what_the_serializer_writes_for_the_captured_fields(ViolationRecord record)
    {
        var expected = JsonSerializer.Serialize(RecordSnapshot.Capture(record));

        Assert.Equal(expected, RecordSnapshot.ToJson(record));
        Assert.Equal(expected, RecordSnapshot.ToJson(record));
    }
}
