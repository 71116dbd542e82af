using CreditProof.Identifiers;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace CreditProof.Browser.Tests;

/// <summary>
/// The register (主体库) in the browser: a registered subject with no record signs in from the demo identity provider's
/// choices and gets a report that finds nothing; codes the platform cannot serve get a page that says why.
/// </summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class RegisterPortalTests(PortalFixture portal)
{
    [Fact]
    public async Task A_clean_registered_subject_chosen_on_the_demo_sign_in_gets_a_report_that_finds_no_record()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("demo-idp").ClickAsync();

        // Pick, among the choices a new user sees, one the register holds and no record names.
        var offered = await page.Locator("input[name=Code][type=radio]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.value)");
        var clean = offered.FirstOrDefault(code => portal.Query("""
            SELECT s.Name FROM subjects s
            WHERE s.Code = $code AND s.InRegister = 1 AND s.Type <> 9 AND s.RegisterStatus = 1
              AND NOT EXISTS (SELECT 1 FROM records r WHERE r.SubjectId = s.Id)
            """, ("$code", code)).Count == 1);
        Assert.NotNull(clean);
        var name = portal.Query("SELECT Name FROM subjects WHERE Code = $code", ("$code", clean)).Single()[0];
        await page.Locator($"input[name=Code][value='{clean}']").CheckAsync();
        await page.GetByTestId("demo-signin").ClickAsync();
        await page.WaitForURLAsync("**/me", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        await page.GetByTestId("nav-my-reports").ClickAsync();
        await page.GetByTestId("new-report").ClickAsync();
        await page.GetByLabel("税务", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("市场监管", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("近 3 年").CheckAsync();
        await page.GetByLabel("招标投标").CheckAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await page.WaitForURLAsync("**/me/reports/*");
        await Assertions.Expect(page.GetByTestId("holder-status")).ToHaveAttributeAsync("data-status", "valid");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-pdf").ClickAsync());
        using var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
        var text = string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains("未发现违法违规记录", text, StringComparison.Ordinal);
        // The register's facts on the cover.
        Assert.Contains("登记状态", text, StringComparison.Ordinal);
        Assert.Contains("存续", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_the_platform_cannot_serve_gets_a_page_that_says_what_happened_and_what_to_do()
    {
        // Valid check digits, registered in Beijing: outside the province the platform reports on.
        var beijing = CreditCode.Compose('9', '1', "110105", "MA01XK2B");
        // Valid check digits in Taiyuan, but in no register and no record.
        var unknown = CreditCode.Compose('9', '1', "140105", "MA0XXX9Q");
        Assert.Empty(portal.Query("SELECT 1 FROM subjects WHERE Code = $code", ("$code", unknown)));

        foreach (var (code, expected) in new[] { (beijing, "外省"), (unknown, "主体库") })
        {
            var page = await portal.NewPageAsync();
            await page.GotoAsync("/signin/demo");
            await page.GetByTestId("demo-other-code").FillAsync(code);
            var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("demo-other-signin").ClickAsync(),
                r => r.Url.Contains("/signin/refused", StringComparison.Ordinal));
            Assert.Equal(200, response.Status);
            await page.WaitForURLAsync("**/signin/refused*", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await Assertions.Expect(page.GetByTestId("refused-zh")).ToContainTextAsync(expected);
            await Assertions.Expect(page.GetByTestId("refused-en")).ToContainTextAsync("What you can do");
            // Not signed in: the subject's pages still ask for a sign-in.
            await page.GotoAsync("/me");
            Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_natural_person_verified_by_name_and_id_number_signs_in_and_sees_the_masked_number()
    {
        var id = ResidentId.Compose("140105", new DateOnly(1990, 3, 7), 417);
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/signin/demo");
        await page.GetByTestId("demo-other-code").FillAsync(id);
        await page.GetByTestId("demo-person-name").FillAsync("郭晓梅");
        await page.GetByTestId("demo-other-signin").ClickAsync();
        await page.WaitForURLAsync("**/me", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        var html = await page.ContentAsync();
        Assert.Contains("郭晓梅", html, StringComparison.Ordinal);
        Assert.DoesNotContain(id, html, StringComparison.Ordinal);
    }
}
