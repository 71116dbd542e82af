using CreditProof.Records;
using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Reports;

/// <summary>A bilingual report (中英文对照): English labels beside the Chinese, the legal text and the data Chinese.</summary>
[Trait("Category", "Database")]
public sealed class BilingualReportTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static string Text(byte[] pdf) => PdfTools.WithFile(pdf, path => PdfTools.Run("pdftotext", "-enc", "UTF-8", path, "-")).Out;

    [Fact]
    public async Task A_bilingual_report_shows_English_labels_and_keeps_the_Chinese_text_and_is_stored_as_such()
    {
        var subject = await fixture.AddSubjectAsync("太原市中英文对照测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "并市监罚〔2025〕77号", new DateOnly(2025, 5, 5));

        var bilingual = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["market-regulation", "taxation"], Bilingual = true });
        var plain = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["market-regulation", "taxation"] });

        var text = Text(bilingual.Pdf);
        foreach (var english in new[] { "Special Credit Report", "Report number", "Unified social credit code", "Verification code", "Explanatory notes",
                     "Summary of results", "Record details", "Document number", "Decision date", "Data source unit", "Verification", "the Chinese text prevails" })
            Assert.Contains(english, text);
        foreach (var chinese in new[] { "报告编号", "统一社会信用代码", "一、报告说明", "违法违规记录详情", "并市监罚〔2025〕77号", "未按规定公示年度报告", subject.Name })
            Assert.Contains(chinese, text);
        // The legal text stays Chinese: the explanation reads the same in both.
        var explanation = PdfText.Compact(plain.Pdf);
        var firstParagraph = explanation[(explanation.IndexOf("一、报告说明", StringComparison.Ordinal) + 6)..][..40];
        Assert.Contains(firstParagraph, PdfText.Compact(bilingual.Pdf));
        Assert.DoesNotContain("Report number", Text(plain.Pdf));

        await using var db = fixture.Database.CreateContext();
        Assert.True((await db.IssuedReports.SingleAsync(r => r.Number == bilingual.Content.Number)).Bilingual);
        Assert.False((await db.IssuedReports.SingleAsync(r => r.Number == plain.Content.Number)).Bilingual);
    }

    [Fact]
    public async Task A_bilingual_report_is_signed_passes_qpdf_and_its_cover_QR_still_decodes()
    {
        var subject = await fixture.AddSubjectAsync("太原市双语二维码测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Purpose = "bidding", Bilingual = true });

        Assert.Equal(report.QrText, Assert.Single(PdfText.DecodeQrCodes(report.Pdf, 1)));
        Assert.Contains("Signature is Valid", PdfTools.PdfSig(report.Pdf).Out);
        var qpdf = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("qpdf", "--check", path));
        Assert.True(qpdf.ExitCode == 0 && !qpdf.All.Contains("WARNING", StringComparison.OrdinalIgnoreCase), qpdf.All);
        // Nothing of the cover runs into the footer: the cover QR ends above the footer line (page 1 text ends with the footer).
        Assert.Contains("第1页共", PdfText.Squeeze(PdfText.Pages(report.Pdf)[0]));
    }
}
