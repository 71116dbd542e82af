using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>Issue 17: what axe does not check — the focus ring's contrast on the red header, and focus moved to the answer after a post.</summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class AccessibilityDetailTests(PortalFixture portal)
{
    [Fact]
    public async Task The_focus_ring_on_the_red_header_has_at_least_3_to_1_contrast()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        // Keyboard focus: the skip link first, then the brand link in the header.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        var ratio = await page.EvaluateAsync<double>(
            """
            () => {
              const el = document.activeElement;
              if (!el.closest('header.top')) return -1;
              const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
              const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
                .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
              const ring = lum(rgb(getComputedStyle(el).outlineColor));
              const header = lum(rgb(getComputedStyle(el.closest('header.top')).backgroundColor));
              return (Math.max(ring, header) + 0.05) / (Math.min(ring, header) + 0.05);
            }
            """);
        Assert.True(ratio >= 3, $"the focus ring on the header has {ratio:F2}:1 contrast (focus outside the header: -1)");
    }

    [Fact]
    public async Task After_a_post_focus_moves_to_the_error_summary_and_to_the_verdict()
    {
        var code = portal.Query("""
            SELECT s.Code FROM records r JOIN subjects s ON s.Id = r.SubjectId JOIN units u ON u.Id = r.UnitId
            WHERE u.Name = '太原市市场监督管理局' AND r.Status = 1 AND r.Type = 1 ORDER BY r.Id DESC LIMIT 1 OFFSET 2
            """).Single()[0];
        var page = await portal.SignInSubjectAsync(code);
        await page.GotoAsync("/me/reports/new");
        await page.GetByTestId("clear-all").ClickAsync();
        await page.GetByTestId("issue-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-errors")).ToBeFocusedAsync();
        // The fields in error are named as such and point at their message.
        var purpose = page.Locator("input[name='Form.Purpose']").First;
        await Assertions.Expect(purpose).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Contains("field-purpose-error", await page.Locator("#field-purpose").GetAttributeAsync("aria-describedby") ?? "", StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#field-purpose-error")).ToBeVisibleAsync();

        var verifier = await portal.NewPageAsync(390, 844);
        await verifier.GotoAsync("/verify");
        await verifier.Locator("#number").FillAsync("ABCD-EFGH-JKMN-PQRS");
        await verifier.Locator("#code").FillAsync("ABC-DEF-GHJ");
        await verifier.GetByTestId("verify-submit").ClickAsync();
        await Assertions.Expect(verifier.GetByTestId("verdict")).ToBeFocusedAsync();
    }
}
