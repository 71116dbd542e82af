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
public sealed class DomainsModel(CreditProofDbContext db, ILogger<DomainsModel> logger) : PageModel
{
    public IReadOnlyList<Row> Domains { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCoverAsync(int id, bool covered, CancellationToken ct)
    {
        var domain = await db.Domains.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (domain is null)
            return NotFound();
        if (domain.IsCovered != covered)
        {
            domain.IsCovered = covered;
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Operator {Operator} marked domain {Domain} as {Coverage}", User.StaffUserName(), domain.Code, covered ? "covered" : "not covered");
        }

        Message = "Saved";
        await LoadAsync(ct);
        return Page();
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
