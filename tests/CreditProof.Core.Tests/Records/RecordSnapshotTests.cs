using System.Text.Json;
using CreditProof.Records;

namespace CreditProof.Tests.Records;

public sealed class RecordSnapshotTests
{
    private static PenaltyRecord Penalty() => new()
    {
        SubjectName = "山西\"引号\"<商贸>&有限公司", DocumentNumber = "晋罚〔2024〕1号", DecisionDate = new(2024, 3, 5), Category = "罚款;没收违法所得",
        Facts = "事实\n第二行\t制表 😀", FineFen = 3_500_000, LicenceAffected = null, Status = LegalStatus.NotPenalised, Procedure = Procedure.Simplified,
    };

    public static TheoryData<ViolationRecord> Records() =>
    [
        Penalty(),
        new EnforcementRecord { SubjectName = "张三", DocumentNumber = "晋强〔2023〕7号", DecisionDate = new(2023, 1, 2), ValidUntil = new(2025, 1, 2) },
        new DishonestyListing { SubjectName = "某公司", DocumentNumber = "（2024）晋01执1号", ListName = "失信被执行人", ExtraJson = "{\"court\":\"太原中院\"}", RemovedOn = new(2025, 6, 1) },
        new CriminalJudgment { SubjectName = "李四", DocumentNumber = "（2023）晋0105刑初9号", EffectiveOn = new(2023, 9, 9), RepairStatus = RepairStatus.Repaired },
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Direct_json_is_the_captured_fields_without_the_empty_ones_and_reads_back_as_them(ViolationRecord record)
    {
        var captured = RecordSnapshot.Capture(record);
        var expected = RecordSnapshot.ToJson(captured);

        Assert.Equal(expected, RecordSnapshot.ToJson(record));
        Assert.Equal(expected, RecordSnapshot.ToJson(record));
        Assert.Equal(captured.Where(f => f.Value is not null), RecordSnapshot.Parse(expected).OrderBy(f => f.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Chinese_text_stays_text_while_markup_and_control_characters_are_escaped()
    {
        var json = RecordSnapshot.ToJson(Penalty());

        Assert.Contains("山西", json, StringComparison.Ordinal);
        Assert.Contains("\\u003C商贸\\u003E", json, StringComparison.Ordinal);
        Assert.Contains("\\n第二行\\t", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_written_by_the_earlier_escaping_serializer_has_the_same_content()
    {
        var record = Penalty();
        var legacy = JsonSerializer.Serialize(RecordSnapshot.Capture(record));

        Assert.NotEqual(legacy, RecordSnapshot.ToJson(record));
        Assert.Empty(RecordSnapshot.Differences(legacy, RecordSnapshot.ToJson(record)));
        record.Facts = "更正后的事实";
        Assert.Equal(["Facts"], RecordSnapshot.Differences(legacy, RecordSnapshot.ToJson(record)));
    }
}
