using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CreditProof.Ingest;

namespace CreditProof.Tests.Ingest;

/// <summary>Hostile spreadsheets are refused as a whole, quickly and in little memory, with a message that names the limit.</summary>
public sealed class SpreadsheetLimitsTests
{
    private const string Header = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>CF_WSH</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>CF_XDR_MC</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>CF_XDR_SHXYM</t></is></c></row>";

    /// <summary>A minimal XLSX package whose one sheet is <paramref name="header"/> (by default three penalty columns) then <paramref name="sheetData"/>.</summary>
    internal static string Xlsx(Action<StreamWriter> sheetData, CompressionLevel level = CompressionLevel.Optimal, string header = Header)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cp_xlsx_").FullName, "hostile.xlsx");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Entry(string name, Action<StreamWriter> write)
        {
            using var w = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false));
            write(w);
        }

        Entry("[Content_Types].xml", w => w.Write("""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""));
        Entry("_rels/.rels", w => w.Write("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""));
        Entry("xl/workbook.xml", w => w.Write("""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""));
        Entry("xl/_rels/workbook.xml.rels", w => w.Write("""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""));
        Entry("xl/worksheets/sheet1.xml", w =>
        {
            w.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            w.Write(header);
            sheetData(w);
            w.Write("</sheetData></worksheet>");
        });
        return path;
    }

    private static async Task<(ImportFormatException Error, TimeSpan Elapsed, long AllocatedMb)> RefusedAsync(string path)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ImportFormatException>(async () =>
        {
            await using var source = RowSources.Open(path);
            await foreach (var _ in source.ReadAsync(CancellationToken.None))
            {
            }
        });
        return (error, clock.Elapsed, (GC.GetTotalAllocatedBytes(precise: true) - allocated) >> 20);
    }

    [Fact]
    public async Task A_zip_bomb_of_one_very_wide_row_is_refused_by_its_compression_ratio_before_it_is_inflated()
    {
        // 3 million cells in row 2: about 60 MB of XML in well under 1 MB of file.
        var path = Xlsx(w =>
        {
            w.Write("<row r=\"2\">");
            for (var i = 0; i < 3_000_000; i++)
                w.Write("<c><v>1</v></c>");
            w.Write("</row>");
        }, CompressionLevel.SmallestSize);
        Assert.True(new FileInfo(path).Length < 1 << 20);

        var (error, elapsed, allocatedMb) = await RefusedAsync(path);

        Assert.Contains("zip bomb", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("压缩炸弹", error.MessageZh, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{elapsed}");
        Assert.True(allocatedMb < 20, $"{allocatedMb} MB allocated");
    }

    [Fact]
    public async Task A_row_wider_than_the_limit_is_refused_with_its_row_number()
    {
        var path = Xlsx(w =>
        {
            w.Write("<row r=\"2\">");
            for (var i = 0; i < 5_000; i++)
                w.Write("<c t=\"inlineStr\"><is><t>x</t></is></c>");
            w.Write("</row>");
        });

        var (error, _, _) = await RefusedAsync(path);

        Assert.Equal("the spreadsheet exceeds the platform's reading limits: row 2 has more than 1000 columns. Split the file or send CSV", error.MessageEn);
        Assert.Contains("第2行超过1000列", error.MessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<row r=\"2\"><c r=\"ZZZZZZZ2\"><v>1</v></c></row>", "row 2 has more than 1000 columns")]
    [InlineData("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>{long}</t></is></c></row>", "row 2 has a cell longer than 32767 characters")]
    public async Task A_far_column_letter_or_an_over_long_cell_is_refused(string row, string expected)
    {
        var path = Xlsx(w => w.Write(row.Replace("{long}", new string('长', 40_000), StringComparison.Ordinal)));

        var (error, _, _) = await RefusedAsync(path);

        Assert.Contains(expected, error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_package_is_a_format_error_of_the_file_not_an_unhandled_exception()
    {
        var good = File.ReadAllBytes(Path.Combine(IngestTestKit.SamplesDirectory, "criminal.xlsx"));
        var dir = Directory.CreateTempSubdirectory("cp_xlsx_").FullName;
        var failures = new List<string>();
        for (var cut = 10; cut < good.Length; cut += 97)
        {
            var path = Path.Combine(dir, $"cut{cut}.xlsx");
            File.WriteAllBytes(path, good[..cut]);
            try
            {
                await using var source = RowSources.Open(path);
                await foreach (var _ in source.ReadAsync(CancellationToken.None))
                {
                }
            }
            catch (ImportFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.MessageZh));
            }
            catch (Exception e)
            {
                failures.Add($"{cut}: {e.GetType().Name}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(".json")]
    [InlineData(".ndjson")]
    public async Task A_json_record_longer_than_the_record_limit_is_refused_before_it_is_held(string extension)
    {
        // Record 2 has 60,000 short properties (none over the cell limit), about 1.4 M characters, then more records.
        var path = Path.Combine(Path.GetTempPath(), "cp-wide-" + Guid.NewGuid().ToString("N") + extension);
        await using (var w = new StreamWriter(path))
        {
            var array = extension == ".json";
            var small = "{\"CF_WSH\":\"晋罚〔2025〕1号\"}";
            await w.WriteAsync(array ? "[" + small + ",{" : small + "\n{");
            for (var i = 0; i < 60_000; i++)
                await w.WriteAsync((i > 0 ? "," : "") + $"\"p{i:00000}\":\"value-{i:00000}\"");
            await w.WriteAsync(array ? "}," + small + "]" : "}\n" + small + "\n");
        }

        var (error, _, allocatedMb) = await RefusedAsync(path);
        File.Delete(path);

        Assert.Equal($"record 2 is longer than {SpreadsheetLimits.Default.MaxRecordChars} characters; the file may be damaged (an unclosed bracket or quote?)", error.MessageEn);
        Assert.StartsWith("第2条记录超过", error.MessageZh);
        Assert.True(allocatedMb < 64, $"{allocatedMb} MB allocated");
    }
}
