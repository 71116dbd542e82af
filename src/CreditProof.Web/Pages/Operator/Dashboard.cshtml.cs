using System.Globalization;
using System.Text;
using CreditProof.Oversight;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Oversight;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// The dashboard (监管看板) for operators and auditors: use of reports, objections, repairs and commitments, and each
/// unit's delivery, from the maintained daily counts; every chart is followed by its table, and every table exports
/// as CSV, all of them together as XLSX.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class DashboardModel(CreditProofDbContext db, DashboardQuery query, PlatformClock clock, PlatformOptions platform, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DashboardForm Form { get; set; } = new();

    public Dashboard Figures { get; private set; } = null!;

    public DashboardNames Names { get; private set; } = null!;

    public DashboardTables Tables { get; private set; } = null!;

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Tables.Table(Figures, table ?? "") is not { } found)
            return NotFound();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        DashboardTables.WriteCsv(text, found);
        // A BOM so that Excel and WPS read the UTF-8 Chinese correctly.
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", FileName(found.Name, "csv"));
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var output = new MemoryStream();
        SpreadsheetXlsx.Write(output, [.. Tables.All(Figures).Select(DashboardTables.Sheet)]);
        return File(output.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName("dashboard", "xlsx"));
    }

    /// <summary>The same filter on another handler (the export links).</summary>
    public string Link(string? handler, string? table = null)
    {
        var query = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
                query.Add(key + "=" + Uri.EscapeDataString(value));
        }

        Add("handler", handler);
        Add("table", table);
        Add("Form.From", Figures.Filter.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("Form.To", Figures.Filter.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("Form.By", Figures.Granularity.ToString().ToLowerInvariant());
        Add("Form.City", Figures.Filter.City);
        Add("Form.Domain", Figures.Filter.DomainId?.ToString(CultureInfo.InvariantCulture));
        Add("Form.Silent", Figures.Filter.SilentAfterWorkingDays.ToString(CultureInfo.InvariantCulture));
        return "/operator/dashboard?" + string.Join('&', query);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        Names = await DashboardNames.LoadAsync(db, platform.ProvinceCode, chinese, ct);
        var (filter, granularity, problems) = Form.Resolve(clock.Today, Names.Cities.Keys.ToHashSet(), Names.Domains.Keys.ToHashSet());
        Problems = problems;
        Figures = await query.BuildAsync(filter, granularity, ct: ct);
        Tables = Names.Tables(localizer);
    }

    private string FileName(string name, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"creditproof-{name}-{Figures.Filter.From:yyyyMMdd}-{Figures.Filter.To:yyyyMMdd}.{extension}");
}
