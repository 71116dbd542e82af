using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>Data source units (数源单位) with their active API keys; search by name, credit code or domain.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class UnitsModel(CreditProofDbContext db) : PageModel
{
    public const int Shown = 100;

    public string? Query { get; private set; }

    public int Total { get; private set; }

    public IReadOnlyList<Row> Units { get; private set; } = [];

    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        Query = q?.Trim();
        var units = db.Units.AsNoTracking();
        if (!string.IsNullOrEmpty(Query))
        {
            var code = Query.ToUpperInvariant();
            units = units.Where(u => u.Name.Contains(Query) || u.CreditCode == code || u.Domain.NameZh.Contains(Query) || u.Domain.Code == Query);
        }

        Total = await units.CountAsync(ct);
        Units = await units.OrderBy(u => u.Domain.SortOrder).ThenBy(u => u.RegionCode).ThenBy(u => u.Name).Take(Shown)
            .Select(u => new Row(u.Id, u.Name, u.CreditCode, u.Domain.NameZh, u.Domain.NameEn, u.RegionCode,
                db.UnitApiKeys.Count(k => k.UnitId == u.Id && k.RevokedAt == null)))
            .ToListAsync(ct);
    }

    public sealed record Row(int Id, string Name, string CreditCode, string DomainZh, string DomainEn, string RegionCode, int ActiveKeys);
}
