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

    /// <summary>A one-sheet XLSX with inline strings (what an export tool writes).</summary>
    public static string WriteXlsx(string fileName, IReadOnlyList<string[]> rows)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cp_register_").FullName, fileName);
        using var file = File.Create(path);
        CreditProof.Platform.SpreadsheetXlsx.Write(file, [new("主体库", [.. rows.Select(r => (IReadOnlyList<object?>)r)])]);
        return path;
    }

}
