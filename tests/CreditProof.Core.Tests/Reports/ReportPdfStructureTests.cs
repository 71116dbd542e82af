using System.Text.Json;
using System.Text.RegularExpressions;
using CreditProof.Records;
using CreditProof.Reports;

namespace CreditProof.Tests.Reports;

/// <summary>
/// The report is a tagged PDF (issue 17, PDF/UA's structure) as poppler and qpdf read it: a structure tree of headings,
/// paragraphs, tables and figures with alternative text, and every text and image on a page inside marked content.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class ReportPdfStructureTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task The_signed_report_is_tagged_with_headings_paragraphs_tables_and_QR_figures_with_alternative_text()
    {
        var subject = await fixture.AddSubjectAsync("太原市结构标记测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "并市监罚〔2025〕41号", new DateOnly(2025, 4, 1));
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var info = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("pdfinfo", path));
        Assert.True(info.ExitCode == 0, info.All);
        Assert.Matches(@"(?m)^Tagged:\s+yes$", info.Out);

        var pdf = Qpdf.Read(report.Pdf);
        var root = pdf.Catalog;
        Assert.Equal("u:zh-CN", root.GetProperty("/Lang").GetString());
        Assert.True(pdf.Resolve(root.GetProperty("/MarkInfo")).GetProperty("/Marked").GetBoolean());
        Assert.True(pdf.Resolve(root.GetProperty("/ViewerPreferences")).GetProperty("/DisplayDocTitle").GetBoolean());

        var tree = pdf.StructureTree(root.GetProperty("/StructTreeRoot"));
        var tags = tree.Select(e => Qpdf.Name(e, "/S")).ToHashSet();
        foreach (var tag in new[] { "/Document", "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure" })
            Assert.Contains(tag, tags);
        // Both QR codes (cover and verification block) say what they are.
        var figures = tree.Where(e => Qpdf.Name(e, "/S") == "/Figure").ToList();
        Assert.Equal(2, figures.Count);
        Assert.All(figures, f => Assert.Equal("u:核验二维码：扫码核验本报告", f.GetProperty("/Alt").GetString()));
        // A header cell's scope tells a screen reader which cells it heads: the summary's columns, a record's rows.
        var scopes = tree.Where(e => Qpdf.Name(e, "/S") == "/TH").Select(e => Qpdf.Name(pdf.Resolve(e.GetProperty("/A")), "/Scope") ?? "none").ToHashSet();
        Assert.Equal(["/Column", "/Row"], [.. scopes.Order()]);
        // The headings in order: the title, then the sections.
        var headings = tree.Where(e => Qpdf.Name(e, "/S") is "/H1" or "/H2").Select(e => Qpdf.Name(e, "/S")).ToList();
        Assert.Equal("/H1", headings[0]);
        Assert.Equal(1, headings.Count(h => h == "/H1"));

        var text = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("pdftotext", "-enc", "UTF-8", path, "-"));
        Assert.True(text.ExitCode == 0, text.All);
        foreach (var shown in new[] { "专项信用报告", subject.Name, "并市监罚〔2025〕41号", "第1页共" })
            Assert.Contains(shown, PdfText.Squeeze(text.Out));
    }

    [Fact]
    public async Task Every_text_and_image_on_every_page_is_inside_a_structure_element_or_an_artifact()
    {
        var subject = await fixture.AddSubjectAsync("太原市标记内容测试有限公司");
        for (var i = 0; i < 8; i++)
        {
            await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"并市监罚〔2025〕{60 + i}号", new DateOnly(2025, 4, 1 + i),
                r => r.Facts = string.Concat(Enumerable.Repeat("未按规定公示年度报告且逾期未改正", 6)));
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Bilingual = true });

        var pdf = Qpdf.Read(report.Pdf);
        Assert.True(pdf.Pages.Count >= 3, $"{pdf.Pages.Count} pages: the test wants records running over a page break");
        foreach (var (page, content) in pdf.Pages.Select((p, i) => (i + 1, pdf.Content(p))))
        {
            var depth = 0;
            foreach (Match op in Operators().Matches(Strings().Replace(content, "")))
            {
                switch (op.Value)
                {
                    case "BDC" or "BMC":
                        depth++;
                        break;
                    case "EMC":
                        depth--;
                        Assert.True(depth >= 0, $"page {page}: EMC without its BDC");
                        break;
                    default:
                        Assert.True(depth > 0, $"page {page}: '{op.Value}' (text or image) outside any marked content");
                        break;
                }
            }

            Assert.Equal(0, depth);
        }

        // The bilingual labels' English lines are marked as English.
        var tree = pdf.StructureTree(pdf.Catalog.GetProperty("/StructTreeRoot"));
        Assert.Contains(tree, e => e.TryGetProperty("/Lang", out var lang) && lang.GetString() == "u:en");
        Assert.Contains(tree, e => Qpdf.Name(e, "/S") == "/Figure" && e.GetProperty("/Alt").GetString()!.Contains("Verification QR code", StringComparison.Ordinal));
    }

    /// <summary>Text strings (hex and literal) removed first: their bytes are not operators.</summary>
    [GeneratedRegex(@"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\b(BDC|BMC|EMC|Tj|TJ|Do)\b")]
    private static partial Regex Operators();

    /// <summary>A PDF as <c>qpdf --json</c> shows it: objects by reference, streams decoded.</summary>
    private sealed class Qpdf
    {
        private readonly Dictionary<string, JsonElement> _objects;

        private Qpdf(JsonElement json)
        {
            _objects = json.GetProperty("qpdf")[1].EnumerateObject().Where(o => o.Name.StartsWith("obj:", StringComparison.Ordinal))
                .ToDictionary(o => o.Name[4..], o => o.Value);
            Pages = [.. json.GetProperty("pages").EnumerateArray()];
            var trailer = json.GetProperty("qpdf")[1].GetProperty("trailer").GetProperty("value");
            Catalog = Resolve(trailer.GetProperty("/Root"));
        }

        public JsonElement Catalog { get; }

        public List<JsonElement> Pages { get; }

        public static Qpdf Read(byte[] pdf)
        {
            var json = PdfTools.WithFile(pdf, path => PdfTools.Run("qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", "--json-stream-data=inline", path));
            Assert.True(json.ExitCode == 0, json.All);
            return new Qpdf(JsonDocument.Parse(json.Out).RootElement);
        }

        public static string? Name(JsonElement dictionary, string key) =>
            dictionary.ValueKind == JsonValueKind.Object && dictionary.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>The object a reference ("12 0 R") points to, or the value itself.</summary>
        public JsonElement Resolve(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String || !value.GetString()!.EndsWith(" R", StringComparison.Ordinal))
                return value;
            var target = _objects[value.GetString()!];
            return target.TryGetProperty("value", out var v) ? v : target.GetProperty("stream").GetProperty("dict");
        }

        /// <summary>Every structure element under the root, depth first (reading order).</summary>
        public List<JsonElement> StructureTree(JsonElement root)
        {
            var found = new List<JsonElement>();
            void Walk(JsonElement kids)
            {
                kids = Resolve(kids);
                if (kids.ValueKind == JsonValueKind.Array)
                {
                    foreach (var kid in kids.EnumerateArray())
                        Walk(kid);
                }
                else if (kids.ValueKind == JsonValueKind.Object && Name(kids, "/Type") == "/StructElem")
                {
                    found.Add(kids);
                    if (kids.TryGetProperty("/K", out var k))
                        Walk(k);
                }
            }

            Walk(Resolve(root).GetProperty("/K"));
            return found;
        }

        /// <summary>The page's content streams, decoded and joined.</summary>
        public string Content(JsonElement page) => string.Concat(page.GetProperty("contents").EnumerateArray().Select(c =>
            System.Text.Encoding.Latin1.GetString(Convert.FromBase64String(_objects[c.GetString()!].GetProperty("stream").GetProperty("data").GetString()!)) + "\n"));
    }
}
