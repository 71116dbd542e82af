using System.Net;
using CreditProof.Objections;
using CreditProof.Repairs;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Tests.Journeys;

/// <summary>Issue 17: objection and repair evidence reaches the unit and the operator (and nobody else); corrections need content; repair only where the rule allows it.</summary>
public sealed class EvidenceJourneyTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task The_unit_and_the_operator_open_the_subjects_evidence_and_nobody_else_does()
    {
        var (subjectCode, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, subjectCode);
        var submitted = await JourneyData.PostMultipartAsync(subject, $"/me/records/{recordId}", $"/me/records/{recordId}?handler=Object",
            [new("Reason", "罚款已在复议中撤销，见复议决定书")], ("Files", "复议决定书.pdf", "application/pdf", JourneyData.Pdf));
        // Post/Redirect/Get: the answer is the record's own address, without ?handler=.
        Assert.Equal($"/me/records/{recordId}", submitted.RequestMessage!.RequestUri!.PathAndQuery);
        var objectionId = await JourneyData.ObjectionOfAsync(factory, recordId);
        var attachmentId = await JourneyData.DbAsync(factory, db => db.Objections.Where(o => o.Id == objectionId).SelectMany(o => o.Attachments).Select(a => a.Id).SingleAsync());
        var href = $"/evidence/objections/{attachmentId}";
        Assert.Contains(href, await subject.GetStringAsync($"/me/records/{recordId}"), StringComparison.Ordinal);
        Assert.Equal(JourneyData.Pdf, await subject.GetByteArrayAsync(href));

        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        Assert.Contains(href, await operatorClient.GetStringAsync("/operator/objections"), StringComparison.Ordinal);
        var download = await operatorClient.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(JourneyData.Pdf, await download.Content.ReadAsByteArrayAsync());
        await Forms.PostAsync(operatorClient, "/operator/objections", new Dictionary<string, string> { ["id"] = objectionId.ToString() }, "/operator/objections?handler=Accept");

        var unit = await WebTestData.StaffAsync(factory, "unit-ty-market", "Demo-Unit-2026");
        Assert.Contains(href, await unit.GetStringAsync("/unit/inbox"), StringComparison.Ordinal);
        Assert.Equal(JourneyData.Pdf, await unit.GetByteArrayAsync(href));

        var (otherCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        foreach (var stranger in new[]
        {
            await WebTestData.StaffAsync(factory, "unit-sx-tax", "Demo-Unit-2026"), await WebTestData.SubjectAsync(factory, otherCode),
            await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026"), factory.CreateClient(),
        })
        {
            // 404 for signed-in strangers, the sign-in page for an anonymous one: never the file.
            var refused = await stranger.GetAsync(href);
            Assert.NotEqual("application/pdf", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual(JourneyData.Pdf, await refused.Content.ReadAsByteArrayAsync());
        }

        // Each staff download is in the audit trail, with the file and the subject it concerns.
        var subjectId = await JourneyData.DbAsync(factory, db => db.Subjects.Where(s => s.Code == subjectCode).Select(s => s.Id).SingleAsync());
        var audited = await JourneyData.DbAsync(factory, db => db.AuditEntries.Where(e => e.ObjectId == $"objection-attachment:{attachmentId}").Select(e => new { e.Actor, e.SubjectId }).ToListAsync());
        Assert.Contains(audited, e => e.Actor == "operator" && e.SubjectId == subjectId);
        Assert.Contains(audited, e => e.Actor == "unit-ty-market" && e.SubjectId == subjectId);
    }

    [Fact]
    public async Task A_correction_without_new_content_is_refused_and_no_decision_is_preselected()
    {
        var (subjectCode, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, subjectCode);
        await Forms.PostAsync(subject, $"/me/records/{recordId}", new Dictionary<string, string> { ["Reason"] = "金额有误" }, $"/me/records/{recordId}?handler=Object");
        var objectionId = await JourneyData.ObjectionOfAsync(factory, recordId);
        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        await Forms.PostAsync(operatorClient, "/operator/objections", new Dictionary<string, string> { ["id"] = objectionId.ToString() }, "/operator/objections?handler=Accept");

        var unit = await WebTestData.StaffAsync(factory, "unit-ty-market", "Demo-Unit-2026");
        var inbox = await unit.GetStringAsync("/unit/inbox");
        Assert.Contains("<option value=\"\" selected>", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"Correct\" selected", inbox, StringComparison.Ordinal);

        var empty = await Forms.PostAsync(unit, "/unit/inbox", new Dictionary<string, string>
        {
            ["id"] = objectionId.ToString(), ["decision"] = "Correct", ["reason"] = "经核查", ["content"] = "", ["fineWanYuan"] = "",
        }, "/unit/inbox?handler=Decide");
        Assert.Equal("/unit/inbox", empty.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("选择“更正”时须填写更正后的内容", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noDecision = await Forms.PostAsync(unit, "/unit/inbox", new Dictionary<string, string> { ["id"] = objectionId.ToString(), ["decision"] = "", ["reason"] = "经核查" },
            "/unit/inbox?handler=Decide");
        Assert.Contains("请选择核查决定", await noDecision.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ObjectionStatus.AwaitingSourceUnit, await JourneyData.DbAsync(factory, db => db.Objections.Where(o => o.Id == objectionId).Select(o => o.Status).SingleAsync()));
        Assert.Equal(1, await JourneyData.DbAsync(factory, db => db.RecordVersions.CountAsync(v => v.RecordId == recordId)));
    }

    [Fact]
    public async Task The_repair_form_is_offered_only_when_the_record_can_be_repaired_and_takes_evidence()
    {
        var (youngCode, youngRecord) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10));
        var young = await (await WebTestData.SubjectAsync(factory, youngCode)).GetStringAsync($"/me/records/{youngRecord}");
        Assert.Contains("data-testid=\"repair-not-offered\"", young, StringComparison.Ordinal);
        Assert.Contains("最短公示期", young, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"repair-form\"", young, StringComparison.Ordinal);

        var (code, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory, DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-8));
        var subject = await WebTestData.SubjectAsync(factory, code);
        Assert.Contains("data-testid=\"repair-form\"", await subject.GetStringAsync($"/me/records/{recordId}"), StringComparison.Ordinal);
        var applied = await JourneyData.PostMultipartAsync(subject, $"/me/records/{recordId}", $"/me/records/{recordId}?handler=Repair",
            [new("Reason", "已全额缴纳罚款并完成整改")], ("Files", "缴款凭证.png", "image/png", JourneyData.Png));
        Assert.Contains("data-testid=\"message\"", await applied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var attachment = await JourneyData.DbAsync(factory, db => db.RepairApplications.Where(a => a.RecordId == recordId).SelectMany(a => a.Attachments).SingleAsync());
        Assert.Equal(("缴款凭证.png", "image/png"), (attachment.FileName, attachment.ContentType));
        // A pending application: the form is not offered again.
        Assert.Contains("已有待审核的修复申请", await subject.GetStringAsync($"/me/records/{recordId}"), StringComparison.Ordinal);

        var unit = await WebTestData.StaffAsync(factory, "unit-ty-market", "Demo-Unit-2026");
        Assert.Contains($"/evidence/repairs/{attachment.Id}", await unit.GetStringAsync("/unit/inbox"), StringComparison.Ordinal);
        Assert.Equal(JourneyData.Png, await unit.GetByteArrayAsync($"/evidence/repairs/{attachment.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await WebTestData.StaffAsync(factory, "unit-sx-tax", "Demo-Unit-2026")).GetAsync($"/evidence/repairs/{attachment.Id}")).StatusCode);

        // A file that is not evidence is refused with the same rule as for objections.
        var (otherCode, otherRecord) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory, DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-8));
        var other = await WebTestData.SubjectAsync(factory, otherCode);
        var refused = await JourneyData.PostMultipartAsync(other, $"/me/records/{otherRecord}", $"/me/records/{otherRecord}?handler=Repair",
            [new("Reason", "已整改")], ("Files", "run.exe", "application/pdf", "MZ\x90\0"u8.ToArray()));
        Assert.Contains("不是 PDF、PNG 或 JPEG 文件", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await JourneyData.DbAsync(factory, db => db.RepairApplications.AnyAsync(a => a.RecordId == otherRecord && a.Status == RepairApplicationStatus.Submitted)));
    }

    [Fact]
    public async Task The_demo_offers_a_subject_with_a_record_of_each_unit_that_has_a_staff_account()
    {
        var page = await factory.CreateClient().GetStringAsync("/signin/demo");
        Assert.Contains("unit-ty-market", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"demo-unit-hint\"", page, StringComparison.Ordinal);
        var hint = page.IndexOf("data-testid=\"demo-unit-hint\">有“太原市市场监督管理局”", StringComparison.Ordinal);
        Assert.True(hint > 0, "the demo names the subject with records of 太原市市场监督管理局");
        var code = System.Text.RegularExpressions.Regex.Matches(page[..hint], "name=\"Code\" value=\"([0-9A-Z]{18})\"")[^1].Groups[1].Value;
        Assert.True(await JourneyData.DbAsync(factory, db => db.Records.AnyAsync(r => r.Subject.Code == code && r.Unit.Name == "太原市市场监督管理局")));
    }
}
