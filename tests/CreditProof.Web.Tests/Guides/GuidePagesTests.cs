using System.Net;
using CreditProof.Web.Guides;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Guides;

/// <summary>Issue 17: the published guides (办事指南), FAQ and privacy notice exist, anonymously, in both languages; every form links its guide.</summary>
public sealed class GuidePagesTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    public static readonly TheoryData<string> Topics =
        [GuideCatalog.Authorize, GuideCatalog.Query, GuideCatalog.Download, GuideCatalog.Verify, GuideCatalog.Objection,
         GuideCatalog.Correction, GuideCatalog.Update, GuideCatalog.Repair, GuideCatalog.Commitment];

    /// <summary>As the host encodes: every Unicode range as text, markup characters escaped.</summary>
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    [Theory]
    [MemberData(nameof(Topics))]
    public async Task Every_guide_is_public_and_complete_in_chinese_and_english(string topic)
    {
        var guide = factory.Services.GetRequiredService<GuideCatalog>().Find(topic)!;
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var zh = await client.GetAsync($"/guide/{topic}");
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        var zhHtml = await zh.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", zhHtml, StringComparison.Ordinal);
        Assert.Contains(guide.Title.Zh + "办事指南", zhHtml, StringComparison.Ordinal);
        foreach (var heading in new[] { "谁可以办理", "需要准备", "办理步骤", "办理时限", "办理结果" })
            Assert.Contains(heading, zhHtml, StringComparison.Ordinal);
        foreach (var step in guide.Steps)
            Assert.Contains(step.Zh, zhHtml, StringComparison.Ordinal);

        var en = await client.GetStringAsync($"/guide/{topic}?culture=en");
        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("Guide: " + guide.Title.En, en, StringComparison.Ordinal);
        foreach (var heading in new[] { "Who may do it", "What is needed", "Steps", "Deadlines", "Result" })
            Assert.Contains(heading, en, StringComparison.Ordinal);
        foreach (var part in guide.Needs.Concat(guide.Steps).Concat(guide.Deadlines).Append(guide.Result).Append(guide.Who))
        {
            Assert.Contains(Html.Encode(part.En), en, StringComparison.Ordinal);
            Assert.DoesNotContain(part.Zh, en, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_guide_index_faq_and_privacy_notice_are_public_and_help_leads_to_the_guides()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var index = await client.GetStringAsync("/guide");
        foreach (var topic in Topics)
            Assert.Contains($"href=\"/guide/{topic}\"", index, StringComparison.Ordinal);
        Assert.Contains("常见问题", await client.GetStringAsync("/faq"), StringComparison.Ordinal);
        Assert.Contains("Frequently asked questions", await client.GetStringAsync("/faq?culture=en"), StringComparison.Ordinal);
        var privacy = await client.GetStringAsync("/privacy");
        Assert.Contains("保存多长时间", privacy, StringComparison.Ordinal);
        Assert.Contains("无操作30分钟后失效", privacy, StringComparison.Ordinal);
        var privacyEn = await client.GetStringAsync("/privacy?culture=en");
        Assert.Contains("For how long", privacyEn, StringComparison.Ordinal);
        Assert.Contains("ends after 30 minutes without activity", privacyEn, StringComparison.Ordinal);

        var help = await client.GetAsync("/help");
        Assert.Equal(HttpStatusCode.Redirect, help.StatusCode);
        Assert.Equal("/guide", help.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/guide/no-such-topic")).StatusCode);
    }

    [Fact]
    public async Task The_deadlines_in_the_guides_are_the_ones_the_code_enforces()
    {
        var client = factory.CreateClient();
        var objections = factory.Services.GetRequiredService<CreditProof.Objections.ObjectionOptions>();
        var repairs = factory.Services.GetRequiredService<CreditProof.Repairs.RepairOptions>();
        var objection = await client.GetStringAsync("/guide/objection");
        Assert.Contains($"平台在{objections.AcceptWorkingDays}个工作日内受理", objection, StringComparison.Ordinal);
        Assert.Contains($"受理后{objections.UnitReplyWorkingDays}个工作日内答复", objection, StringComparison.Ordinal);
        var repair = await client.GetStringAsync("/guide/repair");
        Assert.Contains($"在{repairs.UnitDecisionWorkingDays}个工作日内作出决定", repair, StringComparison.Ordinal);
        // The publicity table is the one RepairService reads: the 2023 regime's serious penalties, 12 to 36 months.
        Assert.Contains("国家发展改革委令第58号", repair, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"publicity-rules\"", repair, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_links_the_guides_faq_and_privacy_notice()
    {
        var client = factory.CreateClient();
        foreach (var page in new[] { "/", "/verify", "/signin", "/statistics", "/no-such-page" })
        {
            var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
            Assert.Contains("href=\"/guide\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/faq\"", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/privacy\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_form_links_its_guide()
    {
        var (code, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, code);
        await AssertLinksAsync(subject, "/me/reports/new", GuideCatalog.Query);
        await AssertLinksAsync(subject, $"/me/records/{recordId}", GuideCatalog.Objection, GuideCatalog.Repair);
        await AssertLinksAsync(subject, "/me/commitments", GuideCatalog.Commitment);
        var anonymous = factory.CreateClient();
        await AssertLinksAsync(anonymous, "/verify", GuideCatalog.Verify);
        await AssertLinksAsync(anonymous, "/share", GuideCatalog.Authorize);
        var unit = await WebTestData.StaffAsync(factory, "unit-ty-market", "Demo-Unit-2026");
        await AssertLinksAsync(unit, "/unit/inbox", GuideCatalog.Correction, GuideCatalog.Repair);
        await AssertLinksAsync(unit, "/unit/commitments", GuideCatalog.Commitment);
    }

    private static async Task AssertLinksAsync(HttpClient client, string page, params string[] topics)
    {
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var topic in topics)
            Assert.Contains($"href=\"/guide/{topic}\" data-guide-link=\"{topic}\"", html, StringComparison.Ordinal);
    }
}
