using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Pages;

[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(CreditProofDbContext db, DatabaseSettings settings, IOptions<PlatformOptions> options, TimeProvider time) : PageModel
{
    public int Subjects { get; private set; }

    public int Units { get; private set; }

    public int Records { get; private set; }

    public IReadOnlyList<DomainCount> ByDomain { get; private set; } = [];

    public bool IsDemo { get; private set; }

    public DateTimeOffset AsOf { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Subjects = await db.Subjects.CountAsync(ct);
        Units = await db.Units.CountAsync(ct);
        var counts = await db.Records.GroupBy(r => r.DomainId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var domains = await db.Domains.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        ByDomain = domains.Select(d => new DomainCount(d.Code, d.NameZh, d.NameEn, counts.GetValueOrDefault(d.Id))).ToList();
        Records = counts.Values.Sum();
        IsDemo = DatabaseStartup.IsDemo(settings, options.Value);
        AsOf = time.GetUtcNow();
    }

    public sealed record DomainCount(string Code, string NameZh, string NameEn, int Records);
}
