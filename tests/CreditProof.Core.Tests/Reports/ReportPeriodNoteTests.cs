using System.Text;
using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Reports;

/// <summary>
/// Issue 17: "the last 5 years" reaching before the collection start (2022-08-01) is shortened to start there, and the
/// report says so: the note on the PDF and the asked start beside the effective one in the signed content.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReportPeriodNoteTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly DateOnly CollectionStart = new(2022, 8, 1);

    private static string Text(byte[] pdf) => PdfText.Squeeze(PdfTools.WithFile(pdf, path => PdfTools.Run("pdftotext", "-enc", "UTF-8", path, "-")).Out);

    [Fact]
    public async Task A_period_shortened_by_the_collection_start_is_stated_on_the_pdf_and_in_the_signed_content()
    {
        var subject = await fixture.AddSubjectAsync("太原市期间起算测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["market-regulation"], Years = 5 });

        Assert.Equal(CollectionStart, report.Content.From);
        Assert.Equal(new DateOnly(2021, 11, 21), report.Content.AskedFrom);
        var text = Text(report.Pdf);
        Assert.Contains("本报告期间自数据归集起始日2022年8月1日起算", text);
        Assert.Contains("2022-08-01至2026-11-20", text);
        Assert.DoesNotContain("collectionstart", text, StringComparison.OrdinalIgnoreCase);

        // The signed content (what the QR's digest and the SM2 signature cover) carries the effective start and the asked one.
        await using var db = fixture.Database.CreateContext();
        var stored = Encoding.UTF8.GetString((await db.IssuedReports.SingleAsync(r => r.Number == report.Content.Number)).Content);
        Assert.Contains("\"from\":\"2022-08-01\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"askedFrom\":\"2021-11-21\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bilingual_report_states_the_shortened_period_in_English_too()
    {
        var subject = await fixture.AddSubjectAsync("太原市期间起算双语测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["market-regulation"], Years = 5, Bilingual = true });
        var text = Text(report.Pdf);
        Assert.Contains("本报告期间自数据归集起始日2022年8月1日起算", text);
        Assert.Contains(PdfText.Squeeze("The period starts at the platform's collection start, 1 August 2022"), text);
    }

    [Theory]
    [InlineData(3, null)]
    [InlineData(null, "2022-08-01")]
    public async Task A_period_as_asked_has_no_note(int? years, string? from)
    {
        var subject = await fixture.AddSubjectAsync("太原市期间如约测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest
        {
            SubjectCode = subject.Code, Domains = ["market-regulation"], Years = years, From = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Null(report.Content.AskedFrom);
        Assert.DoesNotContain("数据归集起始日", Text(report.Pdf));
        Assert.DoesNotContain("askedFrom", Encoding.UTF8.GetString(report.Content.ToCanonicalJson()), StringComparison.Ordinal);
    }
}
