using CreditProof.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Web.Tests.Window;

public sealed class WindowSearchTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Theory]
    [InlineData("太原")]
    [InlineData("9114")]
    public async Task The_window_search_runs_in_a_stable_order_without_an_unordered_row_limit_warning(string query)
    {
        // Issue 17: EF Core warned that Skip/Take ran without OrderBy (results in no stable order).
        var logs = new LogCapture();
        using var host = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = host.CreateClient();
        await WebTestData.SignInStaffAsync(factory, client, "window", "Demo-Window-2026");
        var first = await client.GetStringAsync("/window?q=" + Uri.EscapeDataString(query));
        var second = await client.GetStringAsync("/window?q=" + Uri.EscapeDataString(query));
        Assert.Equal(Rows(first), Rows(second));
        await client.GetStringAsync("/window/subjects/" + Rows(first)[0]);
        await client.GetStringAsync("/window");
        Assert.NotEmpty(Rows(first));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning && e.Text.Contains("OrderBy", StringComparison.Ordinal));
    }

    private static List<string> Rows(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "/window/subjects/([0-9a-f-]{36})").Select(m => m.Groups[1].Value).ToList();
}
