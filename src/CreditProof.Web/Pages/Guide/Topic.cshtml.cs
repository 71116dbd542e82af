using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Web.Guides;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Guide;

/// <summary>One guide; the repair guide lists the publicity rules the platform applies (the same table RepairService reads).</summary>
[AllowAnonymous]
[Authorize(Policy = Policies.Public)]
public sealed class TopicModel(GuideCatalog catalog, CreditProofDbContext db) : PageModel
{
    public Guides.Guide Guide { get; private set; } = null!;

    public IReadOnlyList<PublicityRule> PublicityRules { get; private set; } = [];

    public bool Chinese => UiCulture.IsChinese;

    public async Task<IActionResult> OnGetAsync(string topic, CancellationToken ct)
    {
        if (catalog.Find(topic) is not { } guide)
            return NotFound();
        Guide = guide;
        if (guide.Slug == GuideCatalog.Repair)
            PublicityRules = await db.PublicityRules.AsNoTracking().Where(r => r.DomainId == null)
                .OrderBy(r => r.RegimeFrom).ThenBy(r => r.Severity).ToListAsync(ct);
        return Page();
    }
}
