using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>
/// Issue 17: each role's journey walked as a new user would, in the browser, with screenshots for docs/screenshots —
/// the relying party on a phone, the window taking an objection, the kiosk, the operator's search and revocation, the
/// auditor, and a subject in English.
/// </summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class JourneyPortalTests(PortalFixture portal)
{
    [Fact]
    public async Task A_relying_party_on_a_phone_opens_a_single_use_code_that_a_second_phone_cannot()
    {
        var (code, _) = Organisation(0);
        var (holder, _) = await IssueAsync(code);
        await holder.GetByTestId("share-purpose").SelectOptionAsync("finance");
        await holder.Locator("input[name=SingleUse]").CheckAsync();
        await holder.GetByTestId("create-share").ClickAsync();
        var shareCode = (await holder.GetByTestId("share-code").TextContentAsync())!.Trim();
        // Post/Redirect/Get: the page that shows the code once is a plain GET of the report's address.
        Assert.DoesNotContain("handler=", holder.Url, StringComparison.Ordinal);

        var phone = await portal.NewPageAsync(390, 844);
        await phone.GotoAsync("/share");
        await phone.GetByTestId("share-code").FillAsync(shareCode);
        await phone.GetByTestId("share-submit").ClickAsync();
        await phone.WaitForURLAsync("**/share/report");
        await Assertions.Expect(phone.GetByTestId("verdict")).ToContainTextAsync("报告真实有效");
        Assert.DoesNotContain(shareCode, phone.Url, StringComparison.Ordinal);
        Assert.False(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the shared report scrolls sideways on a phone");
        await PortalFixture.ScreenshotAsync(phone, "relying-party-phone");

        var second = await portal.NewPageAsync(390, 844);
        await second.GotoAsync("/share");
        await second.GetByTestId("share-code").FillAsync(shareCode);
        await second.GetByTestId("share-submit").ClickAsync();
        await Assertions.Expect(second.GetByTestId("share-refused")).ToContainTextAsync("一次性授权");
        await PortalFixture.ScreenshotAsync(second, "relying-party-code-used");

        // The holder revokes it, after confirming.
        await holder.ReloadAsync();
        await holder.GetByTestId("revoke-grant-open").First.ClickAsync();
        await holder.GetByTestId("revoke-grant-confirm").First.CheckAsync();
        await holder.GetByTestId("revoke-grant").First.ClickAsync();
        await Assertions.Expect(holder.GetByTestId("grants")).ToContainTextAsync("已撤销");
    }

    [Fact]
    public async Task Window_staff_see_the_subjects_records_and_take_an_objection_on_its_behalf()
    {
        var (code, _, recordId) = TaiyuanPenalty(0);
        var subjectId = portal.Query("SELECT Id FROM subjects WHERE Code = $c", ("$c", code)).Single()[0].ToLowerInvariant();
        var page = await portal.SignInStaffAsync("window", "Demo-Window-2026");
        await page.GotoAsync("/window?q=" + code);
        await page.GetByTestId("choose-subject").ClickAsync();
        await Assertions.Expect(page.GetByTestId("window-records")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "window-records");
        await page.Locator($"tr[data-record='{recordId}']").GetByTestId("take-objection").ClickAsync();
        await page.GetByTestId("identity-document").SelectOptionAsync("Passport");
        await page.GetByTestId("identity-number").FillAsync("E98765432");
        await page.GetByTestId("identity-holder").FillAsync("张华");
        await page.GetByTestId("objection-reason").FillAsync("处罚决定已被复议机关撤销");
        await PortalFixture.ScreenshotAsync(page, "window-objection");
        await page.GetByTestId("submit-objection").ClickAsync();
        await page.WaitForURLAsync($"**/window/subjects/{subjectId}");
        await Assertions.Expect(page.GetByTestId("message")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("identity-checks")).ToContainTextAsync("E9*****32");
        Assert.Equal("window", portal.Query("SELECT TakenAtWindowBy FROM objections WHERE lower(RecordId) = $r", ("$r", recordId)).Single()[0]);
    }

    [Fact]
    public async Task The_kiosk_keeps_large_targets_when_signed_in_and_a_passer_by_cannot_leave_it()
    {
        var (code, _) = Organisation(1);
        var page = await portal.NewPageAsync(1080, 1400);
        await page.GotoAsync("/kiosk");
        await page.GetByTestId("kiosk-signin").ClickAsync();
        await page.GetByTestId("demo-idp").ClickAsync();
        await page.EvaluateAsync("code => { const r = document.querySelector('input[name=Code]'); r.value = code; r.checked = true; }", code);
        await page.GetByTestId("demo-signin").ClickAsync();
        await page.WaitForURLAsync("**/kiosk");
        foreach (var path in new[] { "/me", "/me/reports" })
        {
            await page.GotoAsync(path);
            Assert.Equal("kiosk", await page.Locator("body").GetAttributeAsync("class"));
            var small = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('header a, main a, main button, main summary')]
                    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                    .map(e => e.outerHTML.slice(0, 80))
                """);
            Assert.True(small.Length == 0, $"small targets on {path} in kiosk mode: " + string.Join(" | ", small));
        }

        await PortalFixture.ScreenshotAsync(page, "kiosk-my-reports");
        await page.GotoAsync("/kiosk");
        await page.Locator(".kiosk-admin summary").ClickAsync();
        await page.GetByTestId("kiosk-leave").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kiosk-leave-refused")).ToBeVisibleAsync();
        Assert.NotNull(await page.Locator("body").GetAttributeAsync("data-kiosk-idle"));
        await PortalFixture.ScreenshotAsync(page, "kiosk-leave-refused");
    }

    [Fact]
    public async Task The_operator_finds_a_report_revokes_it_and_marks_a_domain_with_a_reason()
    {
        var (code, _) = Organisation(2);
        var (_, number) = await IssueAsync(code);
        var page = await portal.SignInStaffAsync("operator", "Demo-Operator-2026");
        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "报告查询与撤销" }).ClickAsync();
        await page.GetByTestId("report-search").FillAsync(code);
        await page.GetByTestId("report-search-submit").ClickAsync();
        var card = page.Locator($"section[data-report='{number}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await card.Locator("summary").ClickAsync();
        await card.Locator("textarea[name=reason]").FillAsync("申请材料系伪造");
        await card.GetByTestId("revoke-confirm").CheckAsync();
        await PortalFixture.ScreenshotAsync(page, "operator-reports");
        await card.GetByTestId("revoke").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("报告已撤销");
        await Assertions.Expect(page.Locator($"section[data-report='{number}']").GetByTestId("report-status")).ToHaveTextAsync("已撤销");
        Assert.DoesNotContain("handler=", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/operator/domains");
        var row = page.Locator("tr[data-domain='archives']");
        await row.Locator("summary").ClickAsync();
        await row.Locator("textarea[name=reason]").FillAsync("档案数据接口维护，暂停归集");
        await row.GetByTestId("coverage-confirm").CheckAsync();
        await row.GetByTestId("coverage-submit").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-domain='archives']").GetByTestId("coverage-reason")).ToContainTextAsync("档案数据接口维护");
        await PortalFixture.ScreenshotAsync(page, "operator-domain-reason");
        var again = page.Locator("tr[data-domain='archives']");
        await again.Locator("summary").ClickAsync();
        await again.Locator("textarea[name=reason]").FillAsync("接口已恢复");
        await again.GetByTestId("coverage-confirm").CheckAsync();
        await again.GetByTestId("coverage-submit").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-domain='archives']").GetByTestId("coverage")).ToHaveTextAsync("已接入");

        await page.GotoAsync("/operator/objections");
        await Assertions.Expect(page.Locator("#history")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_auditor_walks_its_pages_without_a_refusal()
    {
        var page = await portal.SignInStaffAsync("auditor", "Demo-Auditor-2026");
        var refused = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status is 403 or 404 && response.Url.StartsWith(portal.BaseUrl, StringComparison.Ordinal))
                refused.Add($"{response.Status} {response.Url}");
        };
        await page.Locator("main a.tile", new() { HasText = "审计日志" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "auditor-audit");
        await page.GoBackAsync();
        await page.Locator("main a.tile", new() { HasText = "监管看板" }).ClickAsync();
        await Assertions.Expect(page.Locator("svg").First).ToBeVisibleAsync();
        await page.Locator("main p a", new() { HasText = "←" }).First.ClickAsync();
        await page.WaitForURLAsync("**/staff");
        Assert.True(refused.Count == 0, "refused on the auditor's journey: " + string.Join(", ", refused));
    }

    [Fact]
    public async Task A_subject_in_english_applies_for_repair_with_evidence()
    {
        var (code, _, recordId) = TaiyuanPenalty(1, repairable: true);
        var page = await portal.SignInSubjectAsync(code);
        await page.GotoAsync($"/culture/en?returnUrl=%2Fme%2Frecords%2F{recordId}");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByTestId("repair-form")).ToBeVisibleAsync();
        await page.Locator("#statement").FillAsync("The fine was paid in full and the shop was put right.");
        await page.Locator("#repair-files").SetInputFilesAsync(new FilePayload { Name = "receipt.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3] });
        await page.GetByTestId("submit-repair").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToBeVisibleAsync();
        Assert.DoesNotContain("handler=", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("repair-not-offered")).ToContainTextAsync("pending");
        await PortalFixture.ScreenshotAsync(page, "repair-submitted-en");
    }

    /// <summary>Signs the subject in and issues a report for market regulation through the form; the report page and its number.</summary>
    private async Task<(IPage Page, string Number)> IssueAsync(string code)
    {
        var page = await portal.SignInSubjectAsync(code, "/me/reports/new");
        await page.GetByLabel("市场监管", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("招标投标").CheckAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await page.WaitForURLAsync("**/me/reports/*");
        return (page, new Uri(page.Url).AbsolutePath[^16..]);
    }

    /// <summary>Organisations with records, from the start of the code order (the other browser tests take theirs from the end).</summary>
    private (string Code, string Name) Organisation(int index)
    {
        var row = portal.Query("""
            SELECT s.Code, s.Name FROM subjects s
            WHERE s.Type <> 9 AND s.RegisterStatus = 1 AND EXISTS (SELECT 1 FROM records r WHERE r.SubjectId = s.Id AND r.Status = 1)
            ORDER BY s.Code LIMIT 1 OFFSET $offset
            """, ("$offset", index)).Single();
        return (row[0], row[1]);
    }

    /// <summary>A penalty of 太原市市场监督管理局 (the demo's unit account), from the end of the id order; repairable: decided over a year ago.</summary>
    private (string Code, string Name, string RecordId) TaiyuanPenalty(int index, bool repairable = false)
    {
        var row = portal.Query($"""
            SELECT s.Code, s.Name, r.Id FROM records r
            JOIN subjects s ON s.Id = r.SubjectId JOIN units u ON u.Id = r.UnitId
            WHERE u.Name = '太原市市场监督管理局' AND r.Status = 1 AND r.Type = 1 AND r.RepairStatus = 0 AND s.Type <> 9
              {(repairable ? "AND r.DecisionDate <= date('now', '-1 year')" : "")}
              AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.RecordId = r.Id)
              AND NOT EXISTS (SELECT 1 FROM repair_applications a WHERE a.RecordId = r.Id)
            ORDER BY r.Id DESC LIMIT 1 OFFSET $offset
            """, ("$offset", index)).Single();
        return (row[0], row[1], row[2].ToLowerInvariant());
    }
}
