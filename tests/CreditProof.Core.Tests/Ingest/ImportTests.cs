using System.Text.Json;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Records;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Ingest.IngestTestKit;

namespace CreditProof.Tests.Ingest;

[Trait("Category", "Database")]
public sealed class ImportTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("penalty.csv", null, null, RecordType.Penalty, 5)]
    [InlineData("penalty-2016.csv", "penalty", MarketRegulation, RecordType.Penalty, 1)]
    [InlineData("penalty-gb18030.csv", null, null, RecordType.Penalty, 2)]
    [InlineData("enforcement.json", null, null, RecordType.Enforcement, 2)]
    [InlineData("dishonesty.ndjson", null, null, RecordType.Dishonesty, 2)]
    [InlineData("criminal.xlsx", null, null, RecordType.Criminal, 2)]
    public async Task Sample_files_for_all_four_types_import(string file, string? type, string? unit, RecordType expected, int rows)
    {
        var database = _database;
        var result = await ImportAsync(database, Scratch(Path.Combine(SamplesDirectory, file)), RecordTypes.FromSlug(type), unit);

        Assert.Equal(BatchStatus.Completed, result.Batch.Status);
        Assert.Equal(expected, result.Batch.RecordType);
        Assert.Equal(rows, result.Batch.RowsRead);
        Assert.Equal(rows, result.Batch.Accepted);
        Assert.Null(result.ErrorReportCsv);
        await using var db = database.CreateContext();
        Assert.Equal(rows, await db.Records.CountAsync(r => r.Type == expected && r.BatchId == result.Batch.Id));
        Assert.Equal(rows, await db.RecordVersions.CountAsync(v => v.BatchId == result.Batch.Id && v.Change == ChangeKind.Created));
        Assert.True(await db.Records.AllAsync(r => r.Subject.Code.Length == 18));
    }

    [Fact]
    public async Task A_GB18030_csv_with_Chinese_titles_imports_correctly()
    {
        var database = _database;
        var path = Scratch(Path.Combine(SamplesDirectory, "penalty-gb18030.csv"));
        var result = await ImportAsync(database, path);

        Assert.Equal(2, result.Batch.Accepted);
        await using var db = database.CreateContext();
        var record = await db.Records.OfType<PenaltyRecord>().Include(r => r.Subject).SingleAsync(r => r.DocumentNumber == "晋市监罚〔2025〕201号");
        Assert.Equal("大同恒瑞煤业有限公司", record.SubjectName);
        Assert.Equal("91140200MA0M99991L", record.Subject.Code);
        Assert.Equal("140200", record.Subject.RegionCode);
        Assert.Equal(new DateOnly(2025, 11, 3), record.DecisionDate);
        Assert.Equal(1_200_000, record.FineFen);
        Assert.Equal("罚款", record.Category);
        Assert.Equal(Procedure.Ordinary, record.Procedure);
        var second = await db.Records.SingleAsync(r => r.DocumentNumber == "晋市监罚〔2025〕202号");
        Assert.Equal("罚款;警告", second.Category);
        Assert.Equal(new DateOnly(2025, 11, 20), second.DecisionDate);
        var unit = await db.Units.SingleAsync(u => u.CreditCode == MarketRegulation);
        Assert.Equal(unit.DomainId, record.DomainId);
    }

    [Fact]
    public async Task A_GB18030_byte_order_mark_stays_out_of_the_first_column_name_and_messages_use_the_files_own_titles()
    {
        var gb18030 = System.Text.Encoding.GetEncoding("GB18030");
        var lines = gb18030.GetString(await File.ReadAllBytesAsync(Path.Combine(SamplesDirectory, "penalty-gb18030.csv"))).Split('\n');
        // From the header on (the title row dropped), the second record's 文号 left empty.
        var rows = lines[1..].Where(l => l.Length > 0).ToList();
        rows[2] = rows[2].Replace("晋市监罚〔2025〕202号", "", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetDirectoryName(Scratch(Path.Combine(SamplesDirectory, "penalty-gb18030.csv")))!, "bom-gb18030.csv");
        await File.WriteAllBytesAsync(path, [0x84, 0x31, 0x95, 0x33, .. gb18030.GetBytes(string.Join('\n', rows) + "\n")]);

        var result = await ImportAsync(_database, path, RecordType.Penalty);

        Assert.Equal(1, result.Batch.Accepted);
        Assert.Equal(1, result.Batch.Rejected);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result.ErrorReportJson!));
        var error = Assert.Single(json.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(("行政处罚决定书文号", "required"), (error.GetProperty("column").GetString(), error.GetProperty("rule").GetString()));
        await using var db = _database.CreateContext();
        Assert.Equal("大同恒瑞煤业有限公司", (await db.Records.SingleAsync(r => r.BatchId == result.Batch.Id)).SubjectName);
    }

    [Fact]
    public async Task Two_batches_of_one_file_within_a_minute_keep_two_error_reports()
    {
        var path = Scratch(Path.Combine(DataDirectory, "bad-rows.csv"));
        var first = await ImportAsync(_database, path);
        var second = await ImportAsync(_database, path);

        Assert.NotEqual(first.ErrorReportCsv, second.ErrorReportCsv);
        Assert.NotEqual(first.ErrorReportJson, second.ErrorReportJson);
        foreach (var (result, file) in new[] { (first, first.ErrorReportJson!), (second, second.ErrorReportJson!) })
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            Assert.Equal(result.Batch.Id, json.RootElement.GetProperty("batchId").GetGuid());
        }
    }

    [Theory]
    [InlineData(BatchIdentities.DefaultInMemoryLimit)]
    [InlineData(1)] // the duplicate check's identities in the temporary database from the first row on
    public async Task Bad_rows_come_back_with_row_column_and_reason(int duplicateCheckInMemoryRows)
    {
        var database = _database;
        var path = Scratch(Path.Combine(DataDirectory, "bad-rows.csv"));
        var result = await ImportAsync(database, path, options: new IngestOptions { ChunkSize = 3, DuplicateCheckInMemoryRows = duplicateCheckInMemoryRows });

        Assert.Equal(BatchStatus.CompletedWithRejections, result.Batch.Status);
        Assert.Equal(11, result.Batch.RowsRead);
        Assert.Equal(1, result.Batch.Accepted);
        Assert.Equal(1, result.Batch.OutOfScope);
        Assert.Equal(9, result.Batch.Rejected);
        Assert.NotNull(result.ErrorReportCsv);
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(result.ErrorReportCsv));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result.ErrorReportJson!));
        var errors = json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Value: e.GetProperty("value").GetString(),
                Rule: e.GetProperty("rule").GetString(), Zh: e.GetProperty("messageZh").GetString(), En: e.GetProperty("messageEn").GetString()))
            .ToList();
        Assert.Contains(errors, e => e is { Row: 3, Column: "CF_XDR_SHXYM", Value: "91140105MA0K12348H", Rule: "credit_code" } && e.Zh!.Contains("校验码", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 4, Column: "CF_XDR_ZJHM", Value: "140105********1234", Rule: "id_number" });
        Assert.Contains(errors, e => e is { Row: 5, Column: "CF_JDRQ", Value: "2025-13-45", Rule: "date" });
        Assert.Contains(errors, e => e is { Row: 6, Column: "CF_NR_FK", Value: "-2", Rule: "amount" });
        Assert.Contains(errors, e => e is { Row: 7, Column: "CF_CFLB", Value: "批评教育", Rule: "category" });
        Assert.Contains(errors, e => e is { Row: 8, Column: "CF_JDRQ", Rule: "date_future" });
        Assert.Contains(errors, e => e is { Row: 9, Rule: "out_of_scope" });
        Assert.Contains(errors, e => e is { Row: 10, Column: "CF_SJLYDM", Rule: "unit_unknown" });
        Assert.Contains(errors, e => e is { Row: 11, Column: "CF_XDR_MC", Rule: "required" });
        Assert.Contains(errors, e => e is { Row: 12, Rule: "duplicate_in_batch" } && e.En!.Contains("row 2", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.En)));

        var csv = await File.ReadAllLinesAsync(result.ErrorReportCsv!);
        Assert.Equal("file,row,column,value,rule,kind,message_zh,message_en", csv[0]);
        Assert.DoesNotContain(csv, l => l.Contains("140105198001011234", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("bad-rows.csv,3,CF_XDR_SHXYM,91140105MA0K12348H,credit_code,rejected,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reimporting_the_same_file_changes_nothing()
    {
        var database = _database;
        var path = Scratch(Path.Combine(SamplesDirectory, "penalty.csv"));
        var first = await ImportAsync(database, path);
        await using var db = database.CreateContext();
        var before = await db.Records.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var versionsBefore = await db.RecordVersions.CountAsync();

        var again = await ImportAsync(database, path);

        Assert.Equal(5, first.Batch.Accepted);
        Assert.Equal((0, 0, 5, 0), (again.Batch.Accepted, again.Batch.Updated, again.Batch.Unchanged, again.Batch.Rejected));
        var after = await db.Records.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(before.Select(r => (r.Id, r.Version, r.UpdatedAt, r.BatchId)), after.Select(r => (r.Id, r.Version, r.UpdatedAt, r.BatchId)));
        Assert.Equal(versionsBefore, await db.RecordVersions.CountAsync());
    }

    [Fact]
    public async Task A_corrected_row_makes_a_new_version_and_keeps_the_history()
    {
        var database = _database;
        var original = Scratch(Path.Combine(SamplesDirectory, "penalty.csv"));
        await ImportAsync(database, original);
        var corrected = WriteScratch("penalty-corrected.csv", File.ReadAllText(original).Replace(",3.5,0.82,", ",4,0.82,", StringComparison.Ordinal));
        var later = new FixedTime(Now.AddDays(1));

        var result = await ImportAsync(database, corrected, time: later);

        Assert.Equal((0, 1, 4), (result.Batch.Accepted, result.Batch.Updated, result.Batch.Unchanged));
        await using var db = database.CreateContext();
        var record = await db.Records.OfType<PenaltyRecord>().Include(r => r.Versions).SingleAsync(r => r.DocumentNumber == "晋市监罚〔2025〕101号");
        Assert.Equal(2, record.Version);
        Assert.Equal(4_000_000, record.FineFen);
        Assert.Equal(Now.UtcDateTime, record.ReceivedAt);
        var versions = record.Versions.OrderBy(v => v.Version).ToList();
        Assert.Equal([ChangeKind.Created, ChangeKind.Corrected], versions.Select(v => v.Change));
        Assert.Equal("FineFen", versions[1].ChangedFields);
        Assert.Equal(result.Batch.Id, versions[1].BatchId);
        Assert.Equal(later.Now.UtcDateTime, versions[1].ChangedAt);
        Assert.Contains("\"FineFen\":\"3500000\"", versions[0].SnapshotJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_penalised_rows_are_kept_with_that_status()
    {
        var database = _database;
        await ImportAsync(database, Scratch(Path.Combine(SamplesDirectory, "penalty.csv")));

        await using var db = database.CreateContext();
        var record = await db.Records.SingleAsync(r => r.DocumentNumber == "晋市监不罚〔2025〕3号");
        Assert.Equal(LegalStatus.NotPenalised, record.Status);
        Assert.Equal(4, await db.Records.CountAsync(r => r.Status == LegalStatus.Effective));
        var simplified = await db.Records.SingleAsync(r => r.DocumentNumber == "晋市监简罚〔2025〕7号");
        Assert.Equal(Procedure.Simplified, simplified.Procedure);
    }

    [Fact]
    public async Task Atomic_mode_writes_nothing_when_a_row_is_rejected()
    {
        var database = _database;
        var result = await ImportAsync(database, Scratch(Path.Combine(DataDirectory, "bad-rows.csv")), atomic: true);

        Assert.Equal(BatchStatus.Failed, result.Batch.Status);
        Assert.Equal(9, result.Batch.Rejected);
        Assert.Equal(0, result.Batch.Accepted);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Records.CountAsync());
        Assert.Equal(0, await db.Subjects.CountAsync());
        var batch = await db.Batches.SingleAsync(b => b.Id == result.Batch.Id);
        Assert.Equal(BatchStatus.Failed, batch.Status);
        Assert.NotNull(batch.Message);
    }

    [Fact]
    public async Task Atomic_mode_accepts_a_clean_file_whole()
    {
        var database = _database;
        var result = await ImportAsync(database, Scratch(Path.Combine(SamplesDirectory, "penalty.csv")), atomic: true);
        Assert.Equal(BatchStatus.Completed, result.Batch.Status);
        Assert.Equal(5, result.Batch.Accepted);
    }

    [Fact]
    public async Task An_empty_file_is_a_zero_report_that_counts_as_the_units_delivery()
    {
        // Issue 15: a unit with no new records says so with an empty file (零报告); its domain's data is then complete to today.
        var file = WriteScratch("zero.csv", Csv("CF_XDR_MC,CF_XDR_SHXYM,CF_WSH,CF_CFLB,CF_JDRQ,CF_CFJG,CF_SJLYDM"));

        var result = await ImportAsync(_database, file, RecordType.Penalty, MarketRegulation);

        Assert.Equal(BatchStatus.Completed, result.Batch.Status);
        Assert.Equal(0, result.Batch.RowsRead);
        await using var db = _database.CreateContext();
        var unit = await db.Units.SingleAsync(u => u.CreditCode == MarketRegulation);
        var data = await new DataCompleteness(new PlatformClock(new FixedTime(Now)), new IngestOptions()).OfAsync(db, unit.DomainId);
        var delivery = data.Units.Single(u => u.UnitId == unit.Id);
        Assert.Equal(DateOnly.FromDateTime(Now.ToOffset(TimeSpan.FromHours(8)).DateTime), delivery.Last);
        Assert.Equal(0, delivery.WorkingDaysSilent);
    }

    [Fact]
    public async Task Records_received_more_than_seven_working_days_after_the_decision_are_flagged_late()
    {
        var database = _database;
        var decision = new DateOnly(2026, 11, 16);
        var file = WriteScratch("late.csv", Csv(
            "CF_XDR_MC,CF_XDR_SHXYM,CF_WSH,CF_CFLB,CF_JDRQ,CF_CFJG,CF_SJLYDM",
            $"准时公司,91140105MA0K12348G,A-1,警告,{Date(new DateOnly(2026, 11, 25))},山西省市场监督管理局,{MarketRegulation}",
            $"迟报公司,911401007012345A68,A-2,警告,{Date(decision)},山西省市场监督管理局,{MarketRegulation}"));

        var result = await ImportAsync(database, file);

        Assert.Equal(1, result.Batch.Late);
        await using var db = database.CreateContext();
        Assert.Equal(2, (await db.Records.SingleAsync(r => r.DocumentNumber == "A-1")).ReportingDelayWorkingDays);
        Assert.Equal(9, (await db.Records.SingleAsync(r => r.DocumentNumber == "A-2")).ReportingDelayWorkingDays);
    }

    [Fact]
    public async Task Rows_of_another_unit_are_refused_when_a_unit_submits()
    {
        var database = _database;
        var result = await ImportAsync(database, Scratch(Path.Combine(SamplesDirectory, "penalty.csv")), unit: Ecology);

        Assert.Equal(5, result.Batch.Rejected);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Records.CountAsync());
    }

    [Fact]
    public async Task A_unit_can_revoke_its_own_record_but_not_another_units()
    {
        var database = _database;
        await ImportAsync(database, Scratch(Path.Combine(SamplesDirectory, "penalty.csv")));
        await using var db = database.CreateContext();
        var market = await db.Units.SingleAsync(u => u.CreditCode == MarketRegulation);
        var ecology = await db.Units.SingleAsync(u => u.CreditCode == Ecology);
        var revocation = new RecordRevocation(db, new FixedTime(Now));

        var foreign = await revocation.RevokeAsync(ecology.Id, RecordType.Penalty, "晋市监罚〔2025〕101号", Ecology, "test", Channel.Api);
        var own = await revocation.RevokeAsync(market.Id, RecordType.Penalty, "晋市监罚〔2025〕101号", MarketRegulation, "决定已撤销", Channel.Api);
        var twice = await revocation.RevokeAsync(market.Id, RecordType.Penalty, "晋市监罚〔2025〕101号", MarketRegulation, "again", Channel.Api);

        Assert.Equal(RevocationOutcome.NotFound, foreign.Outcome);
        Assert.Equal(RevocationOutcome.Revoked, own.Outcome);
        Assert.Equal(RevocationOutcome.AlreadyRevoked, twice.Outcome);
        db.ChangeTracker.Clear();
        var record = await db.Records.Include(r => r.Versions).SingleAsync(r => r.DocumentNumber == "晋市监罚〔2025〕101号");
        Assert.Equal(LegalStatus.Revoked, record.Status);
        Assert.Equal(ChangeKind.Revoked, record.Versions.Single(v => v.Version == 2).Change);
    }
}
