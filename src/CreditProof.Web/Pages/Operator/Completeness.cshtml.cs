using CreditProof.Domains;
using CreditProof.Ingest;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// Data completeness per domain (数据完整性), the reports' rule (<see cref="DataCompleteness"/>): until when each domain's
/// data is complete, and for an incomplete one the units that make it so — never delivered, or silent for more than the
/// limit. Operators and auditors see why a report says 本领域数据暂不完整，不作结论.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class CompletenessModel(CreditProofDbContext db, DataCompleteness completeness, IAuthorizationService authorization) : PageModel
{
    /// <summary>Operators open a unit's page; auditors see its name.</summary>
    public bool CanOpenUnits { get; private set; }

    public IReadOnlyList<(CreditDomain Domain, DomainData Data)> Domains { get; private set; } = [];

    public int Limit => completeness.LimitWorkingDays;

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanOpenUnits = (await authorization.AuthorizeAsync(User, Policies.Operator)).Succeeded;
        var data = await completeness.ByDomainAsync(db, ct);
        Domains = (await db.Domains.AsNoTracking().Where(d => d.IsCovered).OrderBy(d => d.SortOrder).ToListAsync(ct))
            .Select(d => (d, data.GetValueOrDefault(d.Id) ?? DomainData.NoUnits(d.Id, Limit)))
            .OrderBy(x => x.Item2.Complete).ThenBy(x => x.d.SortOrder)
            .ToList();
    }
}
