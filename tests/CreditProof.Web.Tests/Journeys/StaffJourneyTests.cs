using System.Net;
using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Journeys;

/// <summary>Issue 17: the window's identity check and objections on a subject's behalf; the operator's confirmations, report search and revocation, workflow history; the auditor's links.</summary>
public sealed class StaffJourneyTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task Window_staff_see_the_subjects_records_and_take_an_objection_after_recording_the_document_checked()
    {
        var (code, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subjectId = await JourneyData.DbAsync(factory, db => db.Subjects.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
        var window = await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026");
        var desk = await window.GetStringAsync($"/window/subjects/{subjectId}");
        Assert.Contains($"data-record=\"{recordId}\"", desk, StringComparison.Ordinal);
        var form = $"/window/subjects/{subjectId}/records/{recordId}/objection";
        Assert.Contains(form, desk, StringComparison.Ordinal);

        var noDocument = await Forms.PostAsync(window, form, [new("Reason", "处罚对象错误"), new("Identity.Number", "E12345678"), new("Identity.HolderName", "李明")]);
        Assert.Contains("请选择核验的证件类型", await noDocument.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var valid = CreditProof.Identifiers.ResidentId.Compose("140105", new DateOnly(1980, 5, 17), 123);
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        var badId = await Forms.PostAsync(window, form, [new("Reason", "处罚对象错误"), new("Identity.Document", "ResidentIdCard"), new("Identity.Number", wrongCheck), new("Identity.HolderName", "李明")]);
        Assert.Contains("身份证号码有误", await badId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await JourneyData.DbAsync(factory, db => db.Objections.AnyAsync(o => o.RecordId == recordId)));

        var taken = await Forms.PostAsync(window, form, [new("Reason", "处罚对象错误"), new("Identity.Document", "Passport"), new("Identity.Number", "E12345678"), new("Identity.HolderName", "李明")]);
        Assert.Equal($"/window/subjects/{subjectId}", taken.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await taken.Content.ReadAsStringAsync();
        Assert.Contains("E1*****78", page, StringComparison.Ordinal);
        Assert.DoesNotContain("E12345678", page, StringComparison.Ordinal);
        var objection = await JourneyData.DbAsync(factory, db => db.Objections.SingleAsync(o => o.RecordId == recordId));
        Assert.Equal("window", objection.TakenAtWindowBy);
        var check = await JourneyData.DbAsync(factory, db => db.IdentityChecks.SingleAsync(c => c.SubjectId == subjectId));
        Assert.Equal((CreditProof.Subjects.IdentityDocument.Passport, "E1*****78", "window", "objection"), (check.Document, check.MaskedNumber, check.CheckedBy, check.Purpose));
        // The check is in the audit trail with the subject it concerns.
        Assert.True(await JourneyData.DbAsync(factory, db => db.AuditEntries.AnyAsync(e => e.Actor == "window" && e.ObjectType == "IdentityCheck")));

        // The operator's history shows who took it.
        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var history = await operatorClient.GetStringAsync("/operator/objections?q=" + Uri.EscapeDataString(code));
        Assert.Contains($"data-history=\"{objection.Id}\"", history, StringComparison.Ordinal);
        Assert.Contains("由服务窗口 window 代为受理", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_a_domain_not_covered_needs_a_reason_and_a_confirmation_and_shows_them()
    {
        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var archives = await JourneyData.DbAsync(factory, db => db.Domains.AsNoTracking().SingleAsync(d => d.Code == "archives"));
        var id = archives.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var oneClick = await Forms.PostAsync(operatorClient, "/operator/domains", [new("id", id), new("covered", "false")], "/operator/domains?handler=Cover");
        Assert.Equal("/operator/domains", oneClick.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("data-testid=\"error\"", await oneClick.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReason = await Forms.PostAsync(operatorClient, "/operator/domains", [new("id", id), new("covered", "false"), new("confirm", "true")], "/operator/domains?handler=Cover");
        Assert.Contains("请说明标记为“未接入”的理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await JourneyData.DbAsync(factory, db => db.Domains.Where(d => d.Code == "archives").Select(d => d.IsCovered).SingleAsync()));

        var done = await Forms.PostAsync(operatorClient, "/operator/domains", [new("id", id), new("covered", "false"), new("confirm", "true"), new("reason", "档案局数据接口停用，待恢复")],
            "/operator/domains?handler=Cover");
        Assert.Contains("档案局数据接口停用，待恢复 — operator", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var domain = await JourneyData.DbAsync(factory, db => db.Domains.AsNoTracking().SingleAsync(d => d.Code == "archives"));
        Assert.Equal((false, "档案局数据接口停用，待恢复", "operator"), (domain.IsCovered, domain.CoverageReason, domain.CoverageChangedBy));
        await Forms.PostAsync(operatorClient, "/operator/domains", [new("id", id), new("covered", "true"), new("confirm", "true"), new("reason", "接口已恢复")], "/operator/domains?handler=Cover");
        Assert.True(await JourneyData.DbAsync(factory, db => db.Domains.Where(d => d.Code == "archives").Select(d => d.IsCovered).SingleAsync()));
    }

    [Fact]
    public async Task The_operator_finds_a_report_and_revokes_it_with_a_reason_and_a_confirmation()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        IssuedReportResult issued;
        await using (var scope = factory.Services.CreateAsyncScope())
            issued = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, Domains = ["市场监管"], RequestedBy = "test" });
        var number = ReportNumbers.ParseNumber(issued.ReportNumber)!;
        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        Assert.Contains("/operator/reports", await operatorClient.GetStringAsync("/operator"), StringComparison.Ordinal);
        foreach (var query in new[] { issued.ReportNumber, code, issued.Content.Subject.Name[2..8] })
            Assert.Contains($"data-report=\"{number}\"", await operatorClient.GetStringAsync("/operator/reports?q=" + Uri.EscapeDataString(query)), StringComparison.Ordinal);
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"data-report=\"{number}\"", await operatorClient.GetStringAsync($"/operator/reports?from={today}&to={today}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-report=\"{number}\"", await operatorClient.GetStringAsync("/operator/reports?to=2023-01-01"), StringComparison.Ordinal);

        var unconfirmed = await Forms.PostAsync(operatorClient, "/operator/reports", [new("number", number), new("reason", "以欺骗手段取得")], "/operator/reports?handler=Revoke");
        Assert.Contains("请勾选确认", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ReportStatus.Valid, await JourneyData.DbAsync(factory, db => db.IssuedReports.Where(r => r.Number == number).Select(r => r.Status).SingleAsync()));
        var revoked = await Forms.PostAsync(operatorClient, "/operator/reports", [new("number", number), new("reason", "以欺骗手段取得"), new("confirm", "true")], "/operator/reports?handler=Revoke");
        Assert.Equal($"/operator/reports?q={number}", revoked.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("报告已撤销", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var report = await JourneyData.DbAsync(factory, db => db.IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number));
        Assert.Equal(ReportStatus.Revoked, report.Status);
        Assert.Equal("以欺骗手段取得 — operator:operator", report.StatusReason);
    }

    [Fact]
    public async Task Every_link_the_auditor_is_given_opens()
    {
        var auditor = await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");
        var start = await auditor.GetStringAsync("/staff");
        var links = JourneyData.LocalLinks(start);
        Assert.Contains("/audit", links);
        Assert.Contains("/operator/dashboard", links);
        var pages = new List<string>(links);
        foreach (var link in links.Where(l => l is "/audit" or "/operator/dashboard"))
            pages.AddRange(JourneyData.LocalLinks(await auditor.GetStringAsync(link)));
        foreach (var link in pages.Distinct().Where(l => l != "/signin"))
        {
            var response = await auditor.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK && !response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/forbidden", StringComparison.OrdinalIgnoreCase),
                $"{link} answered {(int)response.StatusCode} at {response.RequestMessage!.RequestUri}");
        }
    }
}
