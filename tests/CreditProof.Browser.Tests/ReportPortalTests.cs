using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace CreditProof.Browser.Tests;

/// <summary>Reports in the browser: a subject issues and downloads one, a window issues one on a subject's behalf, the kiosk, the operator's console.</summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class ReportPortalTests(PortalFixture portal)
{
    [Fact]
    public async Task A_subject_issues_a_report_for_two_domains_and_downloads_the_pdf()
    {
        var (code, name) = Organisation(0);
        var page = await portal.SignInSubjectAsync(code);
        await page.GetByTestId("nav-my-reports").ClickAsync();
        await page.GetByTestId("new-report").ClickAsync();

        // The search box is there only with JavaScript: it narrows the 40 domains as one types.
        var search = page.GetByLabel("搜索领域");
        await search.FillAsync("税务");
        Assert.Equal(1, await page.Locator("label[data-name]:visible").CountAsync());
        await page.GetByLabel("税务", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await search.FillAsync("市场");
        await page.GetByLabel("市场监管", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await search.FillAsync("");
        await Assertions.Expect(page.Locator("[data-domain-count]")).ToHaveTextAsync("已选 2 个领域");
        await page.GetByLabel("近 3 年").CheckAsync();
        await page.GetByLabel("招标投标").CheckAsync();
        await PortalFixture.ScreenshotAsync(page, "new-report");

        await page.GetByTestId("issue-report").ClickAsync();
        await page.WaitForURLAsync("**/me/reports/*");
        await Assertions.Expect(page.GetByTestId("message")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("report-domains")).ToHaveTextAsync("市场监管、税务");
        await PortalFixture.ScreenshotAsync(page, "report");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        var path = Path.Combine(PortalFixture.ScreenshotDirectory, "..", "report-" + code + ".pdf");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains("市场监管", text, StringComparison.Ordinal);

        await page.GotoAsync("/me/reports");
        Assert.Equal(1, await page.Locator("tr[data-report]").CountAsync());
        await Assertions.Expect(page.GetByTestId("report-status")).ToHaveTextAsync("有效");
        await PortalFixture.ScreenshotAsync(page, "my-reports");

        // The holder shares it with a bank: a share code and its QR code, shown once.
        await page.Locator("tr[data-report] a.mono").ClickAsync();
        await page.GetByTestId("share-purpose").SelectOptionAsync("finance");
        await page.GetByLabel("使用方名称（可选）").FillAsync("晋商银行");
        await page.GetByTestId("create-share").ClickAsync();
        var shareUrl = (await page.GetByTestId("share-url").TextContentAsync())!.Trim();
        Assert.StartsWith(portal.BaseUrl + "/s/", shareUrl, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("share-qr")).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("share-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await PortalFixture.ScreenshotAsync(page, "share");

        // The bank, not signed in, opens the share link: verdict, full records and the PDF.
        var bank = await portal.NewPageAsync();
        await bank.GotoAsync(shareUrl);
        await Assertions.Expect(bank.GetByTestId("verdict")).ToContainTextAsync("报告真实有效");
        await Assertions.Expect(bank.GetByTestId("subject-name")).ToHaveTextAsync(name);
        await Assertions.Expect(bank.GetByTestId("grant")).ToContainTextAsync("晋商银行");
        await PortalFixture.ScreenshotAsync(bank, "relying-party-share");

        // Another relying party scans the printed QR code: the phone opens /v/{number}#CP1:… and the page verifies it.
        var qrText = ScanFirstPage(path);
        Assert.StartsWith(portal.BaseUrl + "/v/", qrText, StringComparison.Ordinal);
        var phone = await portal.NewPageAsync(390, 844);
        await phone.GotoAsync(qrText);
        await Assertions.Expect(phone.GetByTestId("verdict")).ToContainTextAsync("报告真实有效");
        await Assertions.Expect(phone.GetByTestId("conclusions")).ToContainTextAsync("市场监管");
        Assert.Contains("?p=CP1", phone.Url, StringComparison.Ordinal);
        await PortalFixture.ScreenshotAsync(phone, "verify-qr-phone");

        // A third types the number and code printed on paper.
        var printed = System.Text.RegularExpressions.Regex.Match(text, "核验码[:：]?([0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3})");
        Assert.True(printed.Success, "the PDF prints a verification code");
        var clerk = await portal.NewPageAsync();
        await clerk.GotoAsync("/verify");
        await clerk.GetByLabel("报告编号").FillAsync((await page.GetByTestId("report-number").TextContentAsync())!.Trim());
        await clerk.GetByLabel("核验码").FillAsync(printed.Groups[1].Value);
        await clerk.GetByTestId("verify-submit").ClickAsync();
        await Assertions.Expect(clerk.GetByTestId("verdict")).ToContainTextAsync("报告真实有效");
        await PortalFixture.ScreenshotAsync(clerk, "verify-paper");

        // The holder sees who used it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("access-log")).ToContainTextAsync("授权查看");
        await Assertions.Expect(page.GetByTestId("access-log")).ToContainTextAsync("扫码核验");
        await PortalFixture.ScreenshotAsync(page, "access-log");
    }

    /// <summary>Renders the PDF's first page with poppler and reads its QR code with zbar, as a phone camera would.</summary>
    private static string ScanFirstPage(string pdfPath)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "cp_scan_" + Guid.NewGuid().ToString("N")[..8]);
        Run("pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", "1", "-png", pdfPath, prefix);
        var image = Directory.GetFiles(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + "*.png").Single();
        try
        {
            return Run("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", image).Trim();
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static string Run(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    [Fact]
    public async Task The_new_report_form_fits_a_phone_and_selects_all_without_a_round_trip()
    {
        var (code, _) = Organisation(1);
        var page = await portal.SignInSubjectAsync(code, "/me/reports/new", 390, 844);
        var url = page.Url;
        await page.GetByTestId("select-all").ClickAsync();
        Assert.Equal(url, page.Url);
        var boxes = page.Locator("input[name='Form.Domains']:not(:disabled)");
        Assert.Equal(await boxes.CountAsync(), await page.Locator("input[name='Form.Domains']:checked").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the new-report page scrolls sideways at phone width");
        await PortalFixture.ScreenshotAsync(page, "new-report-phone");
        await page.GetByTestId("clear-all").ClickAsync();
        Assert.Equal(0, await page.Locator("input[name='Form.Domains']:checked").CountAsync());
    }

    [Fact]
    public async Task A_subject_cannot_open_another_subjects_report_or_the_operators_console()
    {
        var (owner, _) = Organisation(2);
        var (other, _) = Organisation(3);
        var ownerPage = await portal.SignInSubjectAsync(owner, "/me/reports/new");
        await ownerPage.GetByTestId("select-all").ClickAsync();
        await ownerPage.GetByLabel("近 1 年").CheckAsync();
        await ownerPage.GetByLabel("政府采购").CheckAsync();
        await ownerPage.GetByTestId("issue-report").ClickAsync();
        await ownerPage.WaitForURLAsync("**/me/reports/*");
        var reportUrl = new Uri(ownerPage.Url).AbsolutePath;

        var otherPage = await portal.SignInSubjectAsync(other);
        var response = await otherPage.GotoAsync(reportUrl);
        Assert.Equal(404, response!.Status);
        Assert.Equal(404, (await otherPage.GotoAsync(reportUrl + "?handler=Pdf"))!.Status);
        var console = await otherPage.GotoAsync("/operator/units");
        Assert.Equal(403, console!.Status);
        await Assertions.Expect(otherPage.Locator("main")).ToContainTextAsync("没有访问此页面的权限");
    }

    [Fact]
    public async Task Window_staff_find_a_subject_check_identity_and_issue_on_its_behalf()
    {
        var (code, name) = Organisation(4);
        var page = await portal.SignInStaffAsync("window", "Demo-Window-2026");
        await page.GotoAsync("/window");
        await page.GetByTestId("subject-search").FillAsync(code);
        await page.GetByTestId("subject-search").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("result-code")).ToHaveTextAsync(code);
        await PortalFixture.ScreenshotAsync(page, "window-search");
        await page.GetByTestId("choose-subject").ClickAsync();
        await Assertions.Expect(page.GetByTestId("subject-name")).ToHaveTextAsync(name);

        await page.GetByLabel("税务", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("金融（上市、融资、并购、发债等）").CheckAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToContainTextAsync("请先当面核验申请人身份");

        await page.GetByTestId("identity-document").SelectOptionAsync("Passport");
        await page.GetByTestId("identity-number").FillAsync("E12345678");
        await page.GetByTestId("identity-holder").FillAsync("李明");
        await PortalFixture.ScreenshotAsync(page, "window-issue");
        await page.GetByTestId("issue-report").ClickAsync();
        await page.WaitForURLAsync("**/window/reports/*");
        await Assertions.Expect(page.GetByTestId("issued-at-window")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "window-report");
        var number = new Uri(page.Url).AbsolutePath[^16..];
        var requestedBy = portal.Query("SELECT RequestedBy FROM issued_reports WHERE Number = $n", ("$n", number)).Single()[0];
        Assert.Equal($"window:window:on-behalf-of:{code}", requestedBy);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        using var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Contains(name, string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kiosk_has_large_buttons_and_signs_out_after_two_idle_minutes()
    {
        var (code, _) = Organisation(5);
        var page = await portal.NewPageAsync(1080, 1400);
        await page.GotoAsync("/kiosk");
        var tile = page.GetByTestId("kiosk-signin");
        Assert.True((await tile.BoundingBoxAsync())!.Height >= 96, "kiosk buttons are large touch targets");
        await PortalFixture.ScreenshotAsync(page, "kiosk");
        await tile.ClickAsync();
        await page.GetByTestId("demo-idp").ClickAsync();
        await page.EvaluateAsync("code => { const r = document.querySelector('input[name=Code]'); r.value = code; r.checked = true; }", code);
        await page.GetByTestId("demo-signin").ClickAsync();
        await page.WaitForURLAsync("**/kiosk");
        await Assertions.Expect(page.GetByTestId("kiosk-new-report")).ToBeVisibleAsync();
        Assert.Equal("120", await page.Locator("body").GetAttributeAsync("data-kiosk-idle"));
        await PortalFixture.ScreenshotAsync(page, "kiosk-signed-in");

        // kiosk.js with the page's clock under the test's control: a warning near the limit, then signed out.
        await page.Clock.InstallAsync();
        await page.ReloadAsync();
        await page.Clock.RunForAsync((long)TimeSpan.FromSeconds(105).TotalMilliseconds);
        await Assertions.Expect(page.Locator("[data-kiosk-warning]")).ToBeVisibleAsync();
        await page.Clock.RunForAsync((long)TimeSpan.FromSeconds(20).TotalMilliseconds);
        await Assertions.Expect(page.GetByTestId("kiosk-signin")).ToBeVisibleAsync();
        Assert.EndsWith("/kiosk", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_issues_an_api_key_that_is_shown_once()
    {
        var page = await portal.SignInStaffAsync("operator", "Demo-Operator-2026");
        await page.GotoAsync("/operator");
        await PortalFixture.ScreenshotAsync(page, "operator-console");
        await page.GotoAsync("/operator/units?q=" + Uri.EscapeDataString("太原市市场监督管理局"));
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "太原市市场监督管理局", Exact = true }).ClickAsync();
        await page.GetByLabel("备注").FillAsync("执法办案系统");
        await page.GetByTestId("issue-key").ClickAsync();
        var key = await page.GetByTestId("new-key").InputValueAsync();
        Assert.StartsWith("cpk_", key, StringComparison.Ordinal);
        await PortalFixture.ScreenshotAsync(page, "operator-unit-keys");
        await page.GotoAsync(new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.GetByTestId("new-key").CountAsync());

        await page.GotoAsync("/operator/keys");
        await Assertions.Expect(page.GetByTestId("active-key").First).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "operator-keys");
        await page.GotoAsync("/operator/domains");
        await PortalFixture.ScreenshotAsync(page, "operator-domains");
        await page.GotoAsync("/operator/templates");
        await Assertions.Expect(page.GetByTestId("active-template")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Staff_see_a_scannable_totp_enrolment_page()
    {
        var page = await portal.SignInStaffAsync("unit-sx-tax", "Demo-Unit-2026");
        await page.GotoAsync("/staff/totp");
        var qr = page.Locator("img.qr");
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "the QR image loads under the Content-Security-Policy");
        await Assertions.Expect(page.GetByTestId("totp-secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-7 ]{32,}$"));
        await PortalFixture.ScreenshotAsync(page, "totp-setup");
    }

    /// <summary>Organisations (not persons) with records, from the end of the code order so they differ from the other tests' subjects.</summary>
    private (string Code, string Name) Organisation(int index)
    {
        var row = portal.Query("""
            SELECT s.Code, s.Name FROM subjects s
            WHERE s.Type <> 9 AND EXISTS (SELECT 1 FROM records r WHERE r.SubjectId = s.Id AND r.Status = 1)
            ORDER BY s.Code DESC LIMIT 1 OFFSET $offset
            """, ("$offset", index)).Single();
        return (row[0], row[1]);
    }
}
