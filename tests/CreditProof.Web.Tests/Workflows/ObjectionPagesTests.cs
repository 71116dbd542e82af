using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Workflows;

public sealed class ObjectionPagesTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task An_objection_goes_from_the_subject_through_the_operator_to_the_units_correction()
    {
        var (subjectCode, recordId) = await RecordOfTaiyuanMarketRegulationAsync();

        var subject = factory.CreateClient();
        await Forms.PostAsync(subject, "/signin/demo", new Dictionary<string, string> { ["Code"] = subjectCode });
        var submitted = await (await Forms.PostAsync(subject, $"/me/records/{recordId}",
            new Dictionary<string, string> { ["Reason"] = "罚款金额登记有误，实际为0.2万元" }, $"/me/records/{recordId}?handler=Object")).Content.ReadAsStringAsync();
        Assert.Contains("异议已提交", submitted, StringComparison.Ordinal);
        Assert.Contains("待受理", submitted, StringComparison.Ordinal);
        Assert.Contains("异议处理中", await subject.GetStringAsync("/me"), StringComparison.Ordinal);

        var objectionId = await ObjectionIdAsync(recordId);
        var operatorClient = await StaffAsync("operator", "Demo-Operator-2026");
        var desk = await operatorClient.GetStringAsync("/operator/objections");
        Assert.Contains($"data-objection=\"{objectionId}\"", desk, StringComparison.Ordinal);
        await Forms.PostAsync(operatorClient, "/operator/objections", new Dictionary<string, string> { ["id"] = objectionId.ToString() }, "/operator/objections?handler=Accept");

        var unit = await StaffAsync("unit-ty-market", "Demo-Unit-2026");
        Assert.Contains($"data-objection=\"{objectionId}\"", await unit.GetStringAsync("/unit/inbox"), StringComparison.Ordinal);
        var decided = await (await Forms.PostAsync(unit, "/unit/inbox", new Dictionary<string, string>
        {
            ["id"] = objectionId.ToString(),
            ["decision"] = "Correct",
            ["reason"] = "经核查，罚款金额应为0.2万元",
            ["content"] = "罚款人民币2000元",
            ["fineWanYuan"] = "0.2",
        }, "/unit/inbox?handler=Decide")).Content.ReadAsStringAsync();
        Assert.Contains("已保存", decided, StringComparison.Ordinal);

        // Issue 17: the history's statuses and roles are translated on English pages, not Chinese marked lang=zh-CN.
        var english = await operatorClient.GetStringAsync($"/operator/objections?culture=en&q={subjectCode}");
        var entry = System.Text.RegularExpressions.Regex.Match(english, $"<details class=\"card\" data-history=\"{objectionId}\">.*?</details>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("data-testid=\"history-status\">record corrected</strong>", entry, StringComparison.Ordinal);
        Assert.Contains("(platform operator) → <span data-testid=\"step-status\">awaiting the data source unit</span>", entry, StringComparison.Ordinal);
        Assert.Contains("(data source unit staff) → <span data-testid=\"step-status\">record corrected</span>", entry, StringComparison.Ordinal);
        foreach (var zh in new[] { "已更正", "待数源单位核查", "待受理" })
            Assert.DoesNotContain(zh, entry, StringComparison.Ordinal);
        Assert.Contains("(平台运营方) → <span data-testid=\"step-status\">待数源单位核查</span>", await operatorClient.GetStringAsync($"/operator/objections?culture=zh-CN&q={subjectCode}"), StringComparison.Ordinal);

        var after = await subject.GetStringAsync($"/me/records/{recordId}");
        Assert.Contains("罚款人民币2000元", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"version\">2<", after, StringComparison.Ordinal);
        Assert.Contains("已更正", after, StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        Assert.Equal(200_000, (await db.Records.OfType<PenaltyRecord>().SingleAsync(r => r.Id == recordId)).FineFen);
    }

    [Fact]
    public async Task Another_unit_cannot_see_or_decide_the_objection()
    {
        var (subjectCode, recordId) = await RecordOfTaiyuanMarketRegulationAsync();
        var subject = factory.CreateClient();
        await Forms.PostAsync(subject, "/signin/demo", new Dictionary<string, string> { ["Code"] = subjectCode });
        await Forms.PostAsync(subject, $"/me/records/{recordId}", new Dictionary<string, string> { ["Reason"] = "有误" }, $"/me/records/{recordId}?handler=Object");
        var objectionId = await ObjectionIdAsync(recordId);
        await Forms.PostAsync(await StaffAsync("operator", "Demo-Operator-2026"), "/operator/objections",
            new Dictionary<string, string> { ["id"] = objectionId.ToString() }, "/operator/objections?handler=Accept");

        var taxUnit = await StaffAsync("unit-sx-tax", "Demo-Unit-2026");
        Assert.DoesNotContain(objectionId.ToString(), await taxUnit.GetStringAsync("/unit/inbox"), StringComparison.Ordinal);
        var refused = await (await Forms.PostAsync(taxUnit, "/unit/inbox", new Dictionary<string, string>
        {
            ["id"] = objectionId.ToString(), ["decision"] = "Delete", ["reason"] = "删除",
        }, "/unit/inbox?handler=Decide")).Content.ReadAsStringAsync();
        Assert.Contains("谁产生、谁负责", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_cannot_open_another_subjects_record()
    {
        var (_, recordId) = await RecordOfTaiyuanMarketRegulationAsync();
        var (otherCode, _) = await RecordOfTaiyuanMarketRegulationAsync();
        var other = factory.CreateClient();
        await Forms.PostAsync(other, "/signin/demo", new Dictionary<string, string> { ["Code"] = otherCode });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.GetAsync($"/me/records/{recordId}")).StatusCode);
    }

    private async Task<HttpClient> StaffAsync(string user, string password)
    {
        var client = factory.CreateClient();
        await WebTestData.SignInStaffAsync(factory, client, user, password);
        return client;
    }

    private async Task<Guid> ObjectionIdAsync(Guid recordId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        return await db.Objections.Where(o => o.RecordId == recordId && o.Status != ObjectionStatus.Withdrawn).OrderByDescending(o => o.SubmittedAt).Select(o => o.Id).FirstAsync();
    }

    /// <summary>A fresh subject with one penalty from 太原市市场监督管理局, the unit of the demo account unit-ty-market.</summary>
    private Task<(string SubjectCode, Guid RecordId)> RecordOfTaiyuanMarketRegulationAsync() => WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
}
