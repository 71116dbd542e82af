using System.Text;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Subjects.RegisterTestKit;

namespace CreditProof.Tests.Subjects;

[Trait("Category", "Database")]
public sealed class RegisterImportTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    static RegisterImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string> Formats => ["utf8", "utf8-bom", "gb18030", "xlsx"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Both_header_sets_in_every_encoding_and_xlsx_import_the_register(string format)
    {
        var tag = format switch { "utf8" => "UA", "utf8-bom" => "UB", "gb18030" => "GB", _ => "XL" };
        string[] english = [Code(tag + "1"), $"山西{tag}测试有限公司", "企业", "140105", "2019-04-01", "存续", "太原甲公司;太原乙公司"];
        string[] chinese = [Code(tag + "2", '3'), $"小店区{tag}种植专业合作社", "农民专业合作社", "140105", "2020年5月6日", "在业", "旧合作社、更旧合作社"];
        string[] third = [Code(tag + "3", '2'), $"小店区{tag}便利店", "个体工商户", "140106", "20210707", "吊销", ""];
        var path = format switch
        {
            "utf8" => Write("register.csv", string.Join("\n", EnglishHeader, Line(english), Line(chinese), Line(third))),
            "utf8-bom" => Write("register.csv", string.Join("\r\n", ChineseHeader, Line(english), Line(chinese), Line(third)), new UTF8Encoding(true)),
            "gb18030" => Write("register.csv", string.Join("\n", "主体库导出（说明行）", ChineseHeader, Line(english), Line(chinese), Line(third)), Encoding.GetEncoding("GB18030")),
            _ => WriteXlsx("register.xlsx", [ChineseHeader.Split(','), english, chinese, third]),
        };

        var result = await ImportAsync(database, path);

        Assert.True(result.Batch.Created == 3, result.ErrorReportCsv is null ? "" : File.ReadAllText(result.ErrorReportCsv));
        Assert.Equal(0, result.Batch.Rejected);
        await using var db = database.CreateContext();
        var subjects = await db.Subjects.AsNoTracking().Where(s => s.RegisterBatchId == result.Batch.Id).OrderBy(s => s.Code).ToListAsync();
        var first = subjects.Single(s => s.Code == english[0]);
        Assert.True(first.InRegister);
        Assert.Equal(english[1], first.Name);
        Assert.Equal(SubjectType.Enterprise, first.Type);
        Assert.Equal(RegisterStatus.Active, first.RegisterStatus);
        Assert.Equal(new DateOnly(2019, 4, 1), first.RegisteredOn);
        Assert.Equal(["太原甲公司", "太原乙公司"], first.FormerNameList);
        var coop = subjects.Single(s => s.Code == chinese[0]);
        Assert.Equal((SubjectType.FarmerCooperative, RegisterStatus.Active, new DateOnly(2020, 5, 6)), (coop.Type, coop.RegisterStatus!.Value, coop.RegisteredOn!.Value));
        Assert.Equal(["旧合作社", "更旧合作社"], coop.FormerNameList);
        var shop = subjects.Single(s => s.Code == third[0]);
        Assert.Equal((SubjectType.IndividualBusiness, RegisterStatus.Revoked, "140106"), (shop.Type, shop.RegisterStatus!.Value, shop.RegionCode));
    }

    [Fact]
    public async Task Bad_rows_are_rejected_with_row_column_masked_value_rule_and_reason_and_the_others_are_imported()
    {
        var good = Code("BAD0");
        var wrongCheck = Code("BAD1")[..17] + (Code("BAD1")[17] == '0' ? '1' : '0');
        const string idNumber = "11010519491231002X";
        var path = Write("bad.csv", string.Join("\n",
            EnglishHeader,
            Line([good, "好的公司", "企业", "140105", "2018-01-01", "存续", ""]),
            Line([wrongCheck, "校验位错公司", "企业", "140105", "", "存续", ""]),
            Line([Code("BAD2"), "外省公司", "企业", "110105", "", "存续", ""]),
            Line([Code("BAD3"), "类型错公司", "合伙企业", "140105", "", "存续", ""]),
            Line([Code("BAD4"), "状态错公司", "企业", "140105", "", "歇业中", ""]),
            Line([Code("BAD5"), "日期错公司", "企业", "140105", "2019-02-30", "存续", ""]),
            Line([Code("BAD6"), "未来公司", "企业", "140105", "2031-01-01", "存续", ""]),
            Line([good, "重复公司", "企业", "140105", "", "存续", ""]),
            Line([idNumber, "张三", "企业", "140105", "", "存续", ""])));

        var result = await ImportAsync(database, path);

        Assert.Equal((9, 1, 8), (result.Batch.RowsRead, result.Batch.Created, result.Batch.Rejected));
        Assert.Equal(BatchStatusKind.CompletedWithRejections, result.Batch.Status);
        var report = File.ReadAllText(result.ErrorReportCsv!);
        Assert.StartsWith("file,row,column,value,rule,kind,message_zh,message_en", report, StringComparison.Ordinal);
        Assert.Contains($"bad.csv,3,code,{wrongCheck},credit_code,rejected,统一社会信用代码无效", report, StringComparison.Ordinal);
        Assert.Contains("bad.csv,4,region,110105,region_outside_province", report, StringComparison.Ordinal);
        Assert.Contains("bad.csv,5,type,合伙企业,type,rejected", report, StringComparison.Ordinal);
        Assert.Contains("bad.csv,6,status,歇业中,status,rejected", report, StringComparison.Ordinal);
        Assert.Contains("bad.csv,7,registered_on,2019-02-30,date,rejected", report, StringComparison.Ordinal);
        Assert.Contains("bad.csv,8,registered_on,2031-01-01,date_future,rejected", report, StringComparison.Ordinal);
        Assert.Contains($"bad.csv,9,code,{good},duplicate_in_file,rejected,第2行已有相同的统一社会信用代码,row 2 has the same unified social credit code", report, StringComparison.Ordinal);
        Assert.Contains("bad.csv,10,code,110105********002X,credit_code", report, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, report, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, File.ReadAllText(result.ErrorReportJson!), StringComparison.Ordinal);
        Assert.Contains("\"messageEn\": \"the registration region '110105' is outside the province", File.ReadAllText(result.ErrorReportJson!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var path = Write("same.csv", string.Join("\n", EnglishHeader,
            Line([Code("SAM1"), "同一公司", "企业", "140105", "2018-01-01", "存续", "旧名"]),
            Line([Code("SAM2"), "同二公司", "企业", "140105", "", "注销", ""])));

        var first = await ImportAsync(database, path);
        var second = await ImportAsync(database, path);

        Assert.Equal(2, first.Batch.Created);
        Assert.Equal((0, 0, 2), (second.Batch.Created, second.Batch.Updated, second.Batch.Unchanged));
        await using var db = database.CreateContext();
        var ids = await db.Subjects.Where(s => s.Code == Code("SAM1") || s.Code == Code("SAM2")).Select(s => s.Id).ToListAsync();
        Assert.Empty(await db.SubjectChanges.Where(c => ids.Contains(c.SubjectId)).ToListAsync());
        Assert.All(await db.Subjects.Where(s => ids.Contains(s.Id)).ToListAsync(), s => Assert.Equal(first.Batch.Id, s.RegisterBatchId));
    }

    [Fact]
    public async Task A_change_file_renames_and_deregisters_and_the_history_keeps_old_and_new_with_the_date_and_sender()
    {
        var code = Code("CHG1");
        await ImportAsync(database, Write("full.csv", string.Join("\n", EnglishHeader, Line([code, "太原老字号有限公司", "企业", "140105", "2010-03-03", "存续", "太原更老字号"]))));
        var rename = await ImportAsync(database, Write("changes.csv", string.Join("\n", EnglishHeader, Line([code, "山西新字号有限公司", "企业", "140105", "2010-03-03", "存续", ""]))),
            asOf: new DateOnly(2026, 6, 1), by: "11140000MB1234562G");
        var deregister = await ImportAsync(database, Write("changes2.csv", string.Join("\n", ChineseHeader, Line([code, "山西新字号有限公司", "企业", "140105", "", "注销", ""]))),
            asOf: new DateOnly(2026, 9, 30), by: "11140000MB1234562G");

        Assert.Equal(1, rename.Batch.Updated);
        Assert.Equal(1, deregister.Batch.Updated);
        await using var db = database.CreateContext();
        var subject = await db.Subjects.AsNoTracking().SingleAsync(s => s.Code == code);
        Assert.Equal("山西新字号有限公司", subject.Name);
        Assert.Equal(["太原更老字号", "太原老字号有限公司"], subject.FormerNameList);
        Assert.Equal(RegisterStatus.Deregistered, subject.RegisterStatus);
        Assert.Equal(new DateOnly(2026, 9, 30), subject.StatusSince);
        Assert.Equal(new DateOnly(2010, 3, 3), subject.RegisteredOn);
        var history = await new SubjectDirectory(db, new PlatformClock(new FixedTime(Ingest.IngestTestKit.Now)), new PlatformOptions(), database.Keys).HistoryAsync(subject.Id);
        Assert.Collection(history,
            c =>
            {
                Assert.Equal(SubjectChangeKind.Renamed, c.Kind);
                Assert.Equal(("太原老字号有限公司", "山西新字号有限公司"), (c.OldName, c.NewName));
                Assert.Equal(new DateOnly(2026, 6, 1), c.EffectiveOn);
                Assert.Equal("11140000MB1234562G", c.ChangedBy);
                Assert.Equal(rename.Batch.Id, c.BatchId);
            },
            c =>
            {
                Assert.Equal(SubjectChangeKind.StatusChanged, c.Kind);
                Assert.Equal((RegisterStatus.Active, RegisterStatus.Deregistered), (c.OldStatus!.Value, c.NewStatus!.Value));
                Assert.Equal(new DateOnly(2026, 9, 30), c.EffectiveOn);
                Assert.Equal(2, c.SourceRow);
            });
        Assert.NotNull(await SubjectDirectory.RenamedSinceAsync(db, subject.Id, rename.Batch.StartedAt.AddSeconds(-1)));
    }

    [Fact]
    public async Task A_subject_known_only_from_a_record_enters_the_register_and_its_record_keeps_the_name_it_was_given()
    {
        await using var db = database.CreateContext();
        var unit = await TestData.UnitAsync(db);
        var known = await TestData.SubjectAsync(db, "记录里写的名称");
        var record = await TestData.PenaltyAsync(db, known, unit, new DateOnly(2025, 3, 3));
        Assert.False(known.InRegister);

        var result = await ImportAsync(database, Write("enter.csv", string.Join("\n", EnglishHeader, Line([known.Code, "登记的正式名称有限公司", "企业", "140105", "2015-01-01", "存续", ""]))));

        Assert.Equal(1, result.Batch.Created);
        db.ChangeTracker.Clear();
        var subject = await db.Subjects.AsNoTracking().SingleAsync(s => s.Id == known.Id);
        Assert.True(subject.InRegister);
        Assert.Equal("登记的正式名称有限公司", subject.Name);
        Assert.Null(subject.FormerNames);
        Assert.Equal("记录里写的名称", (await db.Records.AsNoTracking().SingleAsync(r => r.Id == record.Id)).SubjectName);
        Assert.Equal(SubjectChangeKind.Entered, (await db.SubjectChanges.SingleAsync(c => c.SubjectId == known.Id)).Kind);
    }

    [Fact]
    public async Task A_record_for_a_subject_outside_the_register_is_imported_under_a_subject_marked_not_in_register()
    {
        var path = Ingest.IngestTestKit.Scratch(Path.Combine(Ingest.IngestTestKit.SamplesDirectory, "penalty.csv"));
        var imported = await Ingest.IngestTestKit.ImportAsync(database, path);
        Assert.True(imported.Batch.Accepted > 0);

        await using var db = database.CreateContext();
        var subjectIds = await db.Records.Where(r => r.BatchId == imported.Batch.Id).Select(r => r.SubjectId).Distinct().ToListAsync();
        var subjects = await db.Subjects.Where(s => subjectIds.Contains(s.Id)).ToListAsync();
        Assert.All(subjects, s => Assert.False(s.InRegister));
        var (count, page) = await new SubjectDirectory(db, new PlatformClock(new FixedTime(Ingest.IngestTestKit.Now)), new PlatformOptions(), database.Keys).NotInRegisterAsync(0, 200);
        Assert.True(count >= subjects.Count(s => !s.IsNaturalPerson));
        Assert.Contains(page, h => subjects.Any(s => s.Id == h.Id && !s.IsNaturalPerson));
    }

    [Fact]
    public async Task A_full_snapshot_takes_registered_subjects_it_does_not_carry_out_of_the_register()
    {
        string[] a = [Code("SNA1"), "快照甲有限公司", "企业", "140105", "", "存续", ""];
        string[] b = [Code("SNA2"), "快照乙有限公司", "企业", "140105", "", "存续", ""];
        await ImportAsync(database, Write("first.csv", string.Join("\n", EnglishHeader, Line(a), Line(b))));

        await using (var db = database.CreateContext())
        {
            // Everything else registered so far (other tests' subjects) is carried too, so only b is missing.
            var others = await db.Subjects.Where(s => s.InRegister && s.RegisterStatus != null && s.Code != b[0])
                .Select(s => new { s.Code, s.Name, s.Type, s.RegionCode, s.RegisterStatus }).ToListAsync();
            var lines = others.Select(o => Line([o.Code, o.Name, o.Type.NameZh() == "其他组织" ? "其他" : o.Type.NameZh(), o.RegionCode, "", o.RegisterStatus!.Value.NameZh(), ""]));
            var snapshot = await ImportAsync(database, Write("snapshot.csv", string.Join("\n", lines.Prepend(EnglishHeader))), snapshot: true, chunkSize: 2);
            Assert.Equal(1, snapshot.Batch.Left);
        }

        await using var check = database.CreateContext();
        var left = await check.Subjects.AsNoTracking().SingleAsync(s => s.Code == b[0]);
        Assert.False(left.InRegister);
        Assert.Equal(SubjectChangeKind.Left, (await check.SubjectChanges.SingleAsync(c => c.SubjectId == left.Id)).Kind);
        Assert.True((await check.Subjects.AsNoTracking().SingleAsync(s => s.Code == a[0])).InRegister);
    }

    [Fact]
    public async Task A_file_without_a_register_header_cannot_be_read()
    {
        var path = Write("nothing.csv", "a,b,c\n1,2,3\n");
        var e = await Assert.ThrowsAsync<ImportFormatException>(() => ImportAsync(database, path));
        Assert.Contains("统一社会信用代码", e.MessageZh, StringComparison.Ordinal);
    }

    private static string Line(string[] cells) => string.Join(',', cells);
}
