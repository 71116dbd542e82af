using System.Text;
using CreditProof.Records;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Ingest.IngestTestKit;

namespace CreditProof.Tests.Ingest;

/// <summary>
/// Spreadsheet cells stored as numbers: an 18-digit ID number or credit code cannot survive a double (140105198503123518
/// was read as 140105198503124000, which passes the check digit and filed the record under another person), so such a
/// cell is refused with a row error; a number a double holds exactly is read with all its digits.
/// </summary>
[Trait("Category", "Database")]
public sealed class NumericCellTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private static string Cell(int column, int row, string value, bool number) =>
        number
            ? $"<c r=\"{(char)('A' + column)}{row}\"><v>{value}</v></c>"
            : $"<c r=\"{(char)('A' + column)}{row}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(value)}</t></is></c>";

    private static string Row(int row, string[] values, params int[] numeric) =>
        $"<row r=\"{row}\">" + string.Concat(values.Select((v, i) => v.Length == 0 ? "" : Cell(i, row, v, numeric.Contains(i)))) + "</row>";

    [Fact]
    public async Task An_id_number_in_a_numeric_cell_is_refused_and_exact_numbers_keep_every_digit()
    {
        var lines = File.ReadAllLines(Path.Combine(SamplesDirectory, "penalty.csv"), Encoding.UTF8);
        var header = lines[0].Split(',');
        var organisation = lines[2].Split(',');
        int Col(string name) => Array.IndexOf(header, name);

        // A natural person whose ID number was typed as a number.
        var person = (string[])organisation.Clone();
        person[Col("CF_XDR_MC")] = "张某";
        person[Col("CF_XDR_LB")] = "自然人";
        person[Col("CF_XDR_SHXYM")] = "";
        person[Col("CF_FRDB")] = "";
        person[Col("CF_FR_ZJLX")] = "";
        person[Col("CF_FR_ZJHM")] = "";
        person[Col("CF_XDR_ZJLX")] = "身份证";
        person[Col("CF_XDR_ZJHM")] = "140105198503123518";
        person[Col("CF_WSH")] = "晋市监罚〔2025〕301号";
        // An organisation row with a 16-digit document number and the fine as numbers a double holds exactly.
        organisation[Col("CF_WSH")] = "1234567890123456";
        organisation[Col("CF_NR_FK")] = "20";

        var path = SpreadsheetLimitsTests.Xlsx(
            w => w.Write(Row(2, person, Col("CF_XDR_ZJHM")) + Row(3, organisation, Col("CF_WSH"), Col("CF_NR_FK"))),
            header: Row(1, header));
        var result = await ImportAsync(_database, path, RecordType.Penalty);

        Assert.Equal(1, result.Batch.Accepted);
        Assert.Equal(1, result.Batch.Rejected);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(result.ErrorReportJson!));
        var error = Assert.Single(json.RootElement.GetProperty("rows").EnumerateArray(), e => e.GetProperty("rule").GetString() == "number_lost_digits");
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Equal("CF_XDR_ZJHM", error.GetProperty("column").GetString());
        Assert.Contains("format the column as text", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
        Assert.Contains("文本格式", error.GetProperty("messageZh").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("140105198503123518", error.GetProperty("value").GetString() ?? "", StringComparison.Ordinal);

        await using var db = _database.CreateContext();
        Assert.False(await db.Records.AnyAsync(r => r.DocumentNumber == "晋市监罚〔2025〕301号"));
        var kept = await db.Records.OfType<PenaltyRecord>().SingleAsync(r => r.BatchId == result.Batch.Id);
        Assert.Equal("1234567890123456", kept.DocumentNumber);
        Assert.Equal(20_000_000, kept.FineFen);
    }
}
