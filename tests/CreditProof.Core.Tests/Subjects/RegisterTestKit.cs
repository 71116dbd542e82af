using System.IO.Compression;
using System.Security;
using System.Text;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Platform;

namespace CreditProof.Tests.Subjects;

public static class RegisterTestKit
{
    public const string EnglishHeader = "code,name,type,region,registered_on,status,former_names";
    public const string ChineseHeader = "统一社会信用代码,名称,主体类型,登记地行政区划,成立日期,登记状态,曾用名";

    /// <summary>A valid Shanxi (小店区) enterprise code, distinct for each tag.</summary>
    public static string Code(string tag, char entityType = '1', string region = "140105")
    {
        // The credit code alphabet has no I, O, S, V or Z.
        var body = ("RG" + tag.ToUpperInvariant()).Replace('I', '1').Replace('O', '0').Replace('S', '5').Replace('V', 'U').Replace('Z', '2');
        return CreditCode.Compose('9', entityType, region, body.PadRight(8, '0').AsSpan(0, 8));
    }

    public static async Task<RegisterImportResult> ImportAsync(TestDatabase database, string path, bool snapshot = false, DateOnly? asOf = null,
        string by = "test-authority", TimeProvider? time = null, int chunkSize = 3)
    {
        await using var db = database.CreateContext();
        var importer = new RegisterImporter(db, new PlatformClock(time ?? new FixedTime(Ingest.IngestTestKit.Now)), new PlatformOptions(), new RegisterOptions { ChunkSize = chunkSize });
        await using var source = RowSources.Open(path, header: RegisterLayout.Header);
        return await importer.ImportAsync(source, new RegisterImportRequest { Snapshot = snapshot, FilePath = path, SubmittedBy = by, EffectiveOn = asOf });
    }

    public static string Write(string fileName, string content, Encoding? encoding = null)
    {
        var dir = Directory.CreateTempSubdirectory("cp_register_").FullName;
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>A one-sheet XLSX with inline strings (what an export tool writes), made without a spreadsheet library.</summary>
    public static string WriteXlsx(string fileName, IReadOnlyList<string[]> rows)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cp_register_").FullName, fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Entry(string name, string xml)
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            w.Write(xml);
        }

        Entry("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Entry("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Entry("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="主体库" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Entry("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (var r = 0; r < rows.Count; r++)
        {
            sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
                sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"<c r=\"{(char)('A' + c)}{r + 1}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(rows[r][c])}</t></is></c>");
            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        Entry("xl/worksheets/sheet1.xml", sheet.ToString());
        return path;
    }

}
