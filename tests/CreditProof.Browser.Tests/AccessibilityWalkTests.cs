using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>
/// Issue 17: every page of every role, as a person meets it, passes axe-core's WCAG 2.1 A/AA rules at desktop width
/// and at 320 CSS px, where it must not scroll sideways; the states after a post (error summary, report issued,
/// verification verdict) included.
/// </summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class AccessibilityWalkTests(PortalFixture portal)
{
    [Fact]
    public async Task Every_public_page_is_accessible_and_reflows()
    {
        var page = await portal.NewPageAsync();
        var problems = new List<string>();
        foreach (var path in new[] { "/", "/verify", "/v/0000-0000-0000-0000", "/share", "/signin", "/signin/staff", "/signin/demo", "/statistics",
                     "/guide", "/guide/authorize", "/guide/query", "/guide/download", "/guide/verify", "/guide/objection", "/guide/correction",
                     "/guide/update", "/guide/repair", "/guide/commitment", "/faq", "/privacy", "/no-such-page" })
            problems.AddRange(await VisitAsync(page, path));

        // A wrong code: the verdict after a post.
        await page.GotoAsync("/verify");
        await page.Locator("#number").FillAsync("ABCD-EFGH-JKMN-PQRS");
        await page.Locator("#code").FillAsync("ABC-DEF-GHJ");
        await page.GetByTestId("verify-submit").ClickAsync();
        problems.AddRange(await Accessibility.ProblemsAsync(page, "/verify (posted)"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_page_of_a_subject_is_accessible_and_reflows()
    {
        var (code, recordId) = portal.Query("""
            SELECT s.Code, r.Id FROM records r JOIN subjects s ON s.Id = r.SubjectId JOIN units u ON u.Id = r.UnitId
            WHERE u.Name = '太原市市场监督管理局' AND r.Status = 1 AND r.Type = 1 ORDER BY r.Id DESC LIMIT 1
            """).Select(r => (r[0], r[1].ToLowerInvariant())).Single();
        var page = await portal.SignInSubjectAsync(code);
        var problems = new List<string>();
        foreach (var path in new[] { "/me", $"/me/records/{recordId}", "/me/reports", "/me/reports/new", "/me/commitments", "/inbox" })
            problems.AddRange(await VisitAsync(page, path));

        // The error summary: a report with no domain.
        await page.GotoAsync("/me/reports/new");
        await page.GetByTestId("clear-all").ClickAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.ProblemsAsync(page, "/me/reports/new (errors)"));

        // 报告已生成.
        await page.GotoAsync("/me/reports/new");
        await page.GetByTestId("select-all").ClickAsync();
        await page.Locator("input[name='Form.Purpose']").First.CheckAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToBeVisibleAsync();
        problems.AddRange(await Accessibility.ProblemsAsync(page, "report issued"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_page_of_staff_is_accessible_and_reflows()
    {
        var problems = new List<string>();
        var unit = await portal.SignInStaffAsync("unit-ty-market", "Demo-Unit-2026");
        foreach (var path in new[] { "/staff", "/unit/inbox", "/unit/commitments", "/inbox", "/staff/totp" })
            problems.AddRange(await VisitAsync(unit, path));

        var window = await portal.SignInStaffAsync("window", "Demo-Window-2026");
        foreach (var path in new[] { "/window", "/window?q=" + Uri.EscapeDataString("太原") })
            problems.AddRange(await VisitAsync(window, path));
        await window.Locator("a[href^='/window/subjects/']").First.ClickAsync();
        problems.AddRange(await Accessibility.ProblemsAsync(window, "/window/subjects/…"));

        var operatorPage = await portal.SignInStaffAsync("operator", "Demo-Operator-2026");
        foreach (var path in new[] { "/operator", "/operator/dashboard", "/operator/domains", "/operator/keys", "/operator/objections", "/operator/staff",
                     "/operator/subjects", "/operator/templates", "/operator/units", "/operator/units/1", "/operator/ineligibilities" })
            problems.AddRange(await VisitAsync(operatorPage, path));

        var auditor = await portal.SignInStaffAsync("auditor", "Demo-Auditor-2026");
        foreach (var path in new[] { "/audit", "/operator/dashboard" })
            problems.AddRange(await VisitAsync(auditor, path));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_kiosk_is_accessible_and_reflows()
    {
        var page = await portal.NewPageAsync();
        var problems = await VisitAsync(page, "/kiosk");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task English_pages_keep_chinese_only_inside_elements_marked_chinese_and_reflow()
    {
        var (code, recordId) = portal.Query("""
            SELECT s.Code, r.Id FROM records r JOIN subjects s ON s.Id = r.SubjectId JOIN units u ON u.Id = r.UnitId
            WHERE u.Name = '太原市市场监督管理局' AND r.Status = 1 AND r.Type = 1 ORDER BY r.Id DESC LIMIT 1 OFFSET 1
            """).Select(r => (r[0], r[1].ToLowerInvariant())).Single();
        var page = await portal.SignInSubjectAsync(code);
        await page.GotoAsync("/culture/en?returnUrl=/");
        var problems = new List<string>();
        foreach (var path in new[] { "/", "/verify", "/guide", "/guide/repair", "/faq", "/privacy", "/statistics", "/me", $"/me/records/{recordId}",
                     "/me/reports/new", "/me/commitments", "/inbox" })
            problems.AddRange(await EnglishAsync(page, path));
        await page.GotoAsync("/me/reports/new");
        await page.GetByTestId("select-all").ClickAsync();
        await page.Locator("input[name='Form.Purpose']").First.CheckAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToBeVisibleAsync();
        var number = page.Url[^16..];
        problems.AddRange(await EnglishAsync(page, page.Url));
        problems.AddRange(await EnglishAsync(page, "/me/reports"));

        var window = await portal.SignInStaffAsync("window", "Demo-Window-2026");
        await window.GotoAsync("/culture/en?returnUrl=/");
        problems.AddRange(await EnglishAsync(window, "/window?q=" + Uri.EscapeDataString("太原")));
        await window.Locator("a[href^='/window/subjects/']").First.ClickAsync();
        problems.AddRange(await EnglishAsync(window, window.Url));

        var anonymous = await portal.NewPageAsync();
        await anonymous.GotoAsync("/culture/en?returnUrl=/");
        problems.AddRange(await EnglishAsync(anonymous, "/v/" + number));
        var unit = await portal.SignInStaffAsync("unit-ty-market", "Demo-Unit-2026");
        await unit.GotoAsync("/culture/en?returnUrl=/");
        problems.AddRange(await EnglishAsync(unit, "/unit/inbox"));
        var operatorPage = await portal.SignInStaffAsync("operator", "Demo-Operator-2026");
        await operatorPage.GotoAsync("/culture/en?returnUrl=/");
        foreach (var path in new[] { "/operator/domains", "/operator/objections", "/operator/dashboard", "/operator/units" })
            problems.AddRange(await EnglishAsync(operatorPage, path));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task<List<string>> EnglishAsync(IPage page, string path)
    {
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        var problems = (await Accessibility.HanOutsideChineseAsync(page)).Distinct().Take(12).Select(h => $"{path}: Han outside lang=zh-CN: {h}").ToList();
        await page.SetViewportSizeAsync(Accessibility.ReflowWidth, 640);
        var overflow = await Accessibility.SidewaysOverflowAsync(page);
        if (overflow > 0)
            problems.Add($"{path} @320px scrolls sideways by {overflow}px: {await Accessibility.OverflowingElementsAsync(page)}");
        await page.SetViewportSizeAsync(1280, 900);
        return problems;
    }

    private static async Task<List<string>> VisitAsync(IPage page, string path)
    {
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        return await Accessibility.ProblemsAsync(page, path);
    }
}
