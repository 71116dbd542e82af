using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>
/// WCAG 2.1 AA checks any browser test can run on the page it has open: axe-core with the WCAG 2.0/2.1 A and AA rules,
/// at the page's viewport and at 320 CSS px (1280 px at 400 % zoom, success criterion 1.4.10 Reflow), where nothing may
/// scroll sideways. axe-core is installed by scripts/install-prerequisites.sh (npm, into artifacts/tools), never committed.
/// </summary>
public static class Accessibility
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public const int ReflowWidth = 320;

    private static readonly Lazy<string> AxeSource = new(LoadAxe);

    /// <summary>axe's violations on the page as it is now: rule, impact and the first elements, one line each.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not restrict.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(AxeSource.Value);
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)).join(' | '));
            }
            """, WcagTags);
        return result.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>How far the page scrolls sideways (0 when it reflows).</summary>
    public static Task<int> SidewaysOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth");

    /// <summary>The widest elements sticking out to the right, to say what overflows.</summary>
    public static async Task<string> OverflowingElementsAsync(IPage page) =>
        await page.EvaluateAsync<string>(
            """
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== 'absolute')
              .filter(e => !e.closest('[data-scroll-region]'))
              .slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')
            """);

    /// <summary>
    /// Text in Han characters outside any element marked <c>lang="zh-…"</c>: on an English page that is either an
    /// untranslated label or Chinese data that a screen reader would read with English rules.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HanOutsideChineseAsync(IPage page) =>
        await page.EvaluateAsync<string[]>(
            """
            () => {
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (!/\p{Script=Han}/u.test(n.nodeValue)) continue;
                const el = n.parentElement;
                if (el.closest('script, style, [hidden]')) continue;
                const lang = el.closest('[lang]')?.getAttribute('lang') || '';
                if (lang.startsWith('zh')) continue;
                out.push(el.tagName.toLowerCase() + ': ' + n.nodeValue.trim().slice(0, 50));
              }
              return out;
            }
            """);

    /// <summary>
    /// axe at the current viewport, then at 320 px: no violations and no sideways scrolling; the viewport is restored.
    /// <paramref name="what"/> names the page state in the failure message.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var problems = await ProblemsAsync(page, what);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <inheritdoc cref="AssertAccessibleAsync"/>
    public static async Task<List<string>> ProblemsAsync(IPage page, string what)
    {
        var problems = new List<string>();
        var size = page.ViewportSize ?? new PageViewportSizeResult { Width = 1280, Height = 900 };
        problems.AddRange((await ViolationsAsync(page)).Select(v => $"{what} @{size.Width}px: {v}"));
        if (size.Width != ReflowWidth)
            await page.SetViewportSizeAsync(ReflowWidth, 640);
        try
        {
            var overflow = await SidewaysOverflowAsync(page);
            if (overflow > 0)
                problems.Add($"{what} @{ReflowWidth}px scrolls sideways by {overflow}px: {await OverflowingElementsAsync(page)}");
            problems.AddRange((await ViolationsAsync(page)).Select(v => $"{what} @{ReflowWidth}px: {v}"));
        }
        finally
        {
            if (size.Width != ReflowWidth)
                await page.SetViewportSizeAsync(size.Width, size.Height);
        }

        return problems;
    }

    private static string LoadAxe()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CreditProof.slnx")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException("The repository root (CreditProof.slnx) was not found above " + AppContext.BaseDirectory);
        var path = Path.Combine(root.FullName, "artifacts", "tools", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
        {
            // scripts/test.sh installs it; a single `dotnet test` of this project installs it here.
            using var install = Process.Start(new ProcessStartInfo(Path.Combine(root.FullName, "scripts", "install-prerequisites.sh"), "axe") { RedirectStandardOutput = true })!;
            install.StandardOutput.ReadToEnd();
            install.WaitForExit();
            if (install.ExitCode != 0 || !File.Exists(path))
                throw new InvalidOperationException($"axe-core could not be installed (scripts/install-prerequisites.sh axe exited {install.ExitCode}); npm is needed.");
        }

        return File.ReadAllText(path);
    }
}
