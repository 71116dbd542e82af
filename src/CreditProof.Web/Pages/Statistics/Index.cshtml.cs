using System.Globalization;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Oversight;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Pages.Statistics;

/// <summary>
/// The public transparency page (信息公开), no sign-in: per month over the last twelve, reports issued, verifications,
/// objections and how fast they were handled, and each unit's timeliness. Counts of the platform's use and of public
/// authorities only: no subject, no personal data.
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(ReadOnlyDatabase reads, DashboardQuery query, PlatformClock clock, PlatformOptions platform, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int Months = 12;

    public Dashboard Figures { get; private set; } = null!;

    public DashboardTables Tables { get; private set; } = null!;

    public DataTable Monthly { get; private set; } = null!;

    public DataTable Timeliness { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-(Months - 1));
        var names = await DashboardNames.LoadAsync(reads.Context, platform.ProvinceCode, CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal), ct);
        Figures = await query.BuildAsync(new DashboardFilter(from, today), Granularity.Month, ct: ct);
        Tables = names.Tables(localizer);
        var monthly = new TimeChart(Figures.ReportsByChannel.Periods,
        [
            new TimeSeries("reports", Totals(Figures.ReportsByChannel)), new TimeSeries("verifications", Totals(Figures.Verifications)),
            .. Figures.ObjectionsOverTime.Series,
        ]);
        Monthly = Tables.Time("monthly", localizer["PublicMonthly"], monthly, Granularity.Month, total: false);
        Timeliness = new DataTable("timeliness", localizer["PublicTimeliness"],
            [localizer["DashUnit"], localizer["Domain"], localizer["DashReceived"], localizer["DashMedianDelay"], localizer["DashLateShare"], localizer["DashLastSubmission"]],
            [.. Figures.Units.Where(u => u.Received > 0 || u.LastSubmission is not null).OrderBy(u => u.DomainId).ThenBy(u => u.Name, StringComparer.Ordinal)
                .Select(u => (IReadOnlyList<object?>)[u.Name, Tables.Domain(u.DomainId), u.Received, u.MedianDelay is { } m ? m : "—", DashboardTables.Percent(u.LateShare), DashboardTables.Date(u.LastSubmission)])]);
    }

    private static long[] Totals(TimeChart chart) => [.. Enumerable.Range(0, chart.Periods.Count).Select(i => chart.Series.Sum(s => s.Values[i]))];
}
