using CreditProof.Domains;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// The domains (实施领域) and whether the platform holds their data. A domain marked not covered cannot be chosen for a
/// report; subjects may sign a credit commitment for it instead. Report pages see the change within 30 seconds.
/// </summary>
[Authorize(Policy = Policies.Operator)]
public sealed class DomainsModel(CreditProofDbContext db, TimeProvider time, ILogger<DomainsModel> logger) : PageModel
{
    public IReadOnlyList<Row> Domains { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Marks a domain covered or not: only with a reason and the operator's confirmation (its records leave or join new reports).</summary>
    public async Task<IActionResult> OnPostCoverAsync(int id, bool covered, string? reason, bool confirm, CancellationToken ct)
    {
        var chinese = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        try
        {
            if (!confirm)
                throw new DomainCoverageException("请勾选确认：该领域的记录将不再（或重新）出现在新报告中", "tick the confirmation: the domain's records leave (or join) new reports");
            var domain = await DomainCoverage.SetAsync(db, id, covered, reason, User.StaffUserName(), time.GetUtcNow().UtcDateTime, ct);
            logger.LogInformation("Operator {Operator} marked domain {Domain} as {Coverage}", User.StaffUserName(), domain.Code, covered ? "covered" : "not covered");
            Message = "Saved";
        }
        catch (DomainCoverageException e)
        {
            Error = chinese ? e.MessageZh : e.MessageEn;
        }

        return Redirect(Request.PathBase + Request.Path);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var units = await db.Units.GroupBy(u => u.DomainId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var records = await db.Records.GroupBy(r => r.DomainId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Domains = (await db.Domains.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct))
            .Select(d => new Row(d, units.GetValueOrDefault(d.Id), records.GetValueOrDefault(d.Id))).ToList();
    }

    public sealed record Row(CreditDomain Domain, int Units, int Records);
}
