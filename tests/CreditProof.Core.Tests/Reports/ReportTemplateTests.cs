using System.Text.Json.Nodes;
using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Reports;

[Trait("Category", "Database")]
public sealed class ReportTemplateTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Operator_added_template_version_is_used_by_the_next_report_and_recorded_with_it()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CreditProof.Core", "Reports", "Templates", "report-2026.1.json")))!;
        json["version"] = "2027.1-test";
        json["title"] = "专项信用报告（试行版式）";
        json["noRecord"] = "无违法违规记录";

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ReportTemplateStore>();
            var db = scope.ServiceProvider.GetRequiredService<CreditProof.Storage.CreditProofDbContext>();
            await store.AddAsync(db, json.ToJsonString(), "operator");
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(db, json.ToJsonString(), "operator"));
        }

        var subject = await fixture.AddSubjectAsync("晋城市模板测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["税务"] });

        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("专项信用报告（试行版式）", text);
        Assert.Contains("税务无违法违规记录", text);
        Assert.Equal("2027.1-test", report.Content.TemplateVersion);
        await using var read = fixture.Database.CreateContext();
        Assert.Equal("2027.1-test", (await read.IssuedReports.SingleAsync(r => r.SubjectId == subject.Id)).TemplateVersion);
    }

    [Fact]
    public void Template_missing_a_field_is_rejected_with_its_name()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "CreditProof.Core", "Reports", "Templates", "report-2026.1.json")))!.AsObject();
        json.Remove("noRecord");
        var e = Assert.Throws<InvalidDataException>(() => ReportTemplate.Parse(json.ToJsonString()));
        Assert.Contains("noRecord", e.Message);
    }

    [Fact]
    public void Embedded_default_template_parses()
    {
        Assert.Equal(ReportTemplateStore.EmbeddedVersion, ReportTemplateStore.Default.Version);
    }
}
