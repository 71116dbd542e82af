using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>The dashboard, the public statistics and staff management in a real browser, with screenshots for docs/screenshots.</summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class OversightPortalTests(PortalFixture portal)
{
    [Fact]
    public async Task The_operator_reads_the_dashboard_every_chart_with_its_table()
    {
        var page = await portal.SignInStaffAsync("operator", "Demo-Operator-2026");
        await page.GotoAsync("/operator/dashboard?Form.By=week");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("监管看板");
        await Assertions.Expect(page.GetByTestId("table-units")).ToContainTextAsync("太原市市场监督管理局");
        // Every chart is an image with a title and a description, and a table follows it.
        foreach (var chart in await page.Locator("svg[role=img]").AllAsync())
        {
            Assert.Equal(1, await chart.Locator("title").CountAsync());
            Assert.Equal(1, await chart.Locator("desc").CountAsync());
        }

        Assert.True(await page.Locator("svg[role=img]").CountAsync() >= 5);
        await page.GetByLabel("城市").SelectOptionAsync(new SelectOptionValue { Label = "太原市" });
        await page.GetByTestId("dashboard-apply").ClickAsync();
        await Assertions.Expect(page.GetByLabel("城市")).ToHaveValueAsync("140100");
        await PortalFixture.ScreenshotAsync(page, "dashboard");
    }

    [Fact]
    public async Task Anyone_reads_the_public_statistics_in_both_languages()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByTestId("public-statistics-link").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("信用报告公开统计");
        await Assertions.Expect(page.GetByTestId("table-timeliness")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "public-statistics");
        await page.GotoAsync("/statistics?culture=en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Credit report statistics");
    }

    [Fact]
    public async Task The_operator_creates_a_window_account_that_then_signs_in()
    {
        var page = await portal.SignInStaffAsync("operator", "Demo-Operator-2026");
        await page.GotoAsync("/operator/staff");
        await page.Locator("#new-user").FillAsync("window-yingze");
        await page.Locator("#new-name").FillAsync("迎泽区政务服务中心窗口");
        await page.Locator("#new-role").SelectOptionAsync("window");
        await page.Locator("#new-password").FillAsync("yingze window counter seven");
        await page.GetByTestId("staff-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("staff-done")).ToContainTextAsync("window-yingze");
        await Assertions.Expect(page.GetByTestId("staff-window-yingze")).ToContainTextAsync("服务窗口");
        await PortalFixture.ScreenshotAsync(page, "staff-management");

        var window = await portal.SignInStaffAsync("window-yingze", "yingze window counter seven");
        await Assertions.Expect(window.GetByTestId("staff-role")).ToBeVisibleAsync();
    }
}
