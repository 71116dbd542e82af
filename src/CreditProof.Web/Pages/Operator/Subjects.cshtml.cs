using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>The subject register (主体库): find a subject by code or name prefix; the subjects known only from records; recent register imports.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class SubjectsModel(CreditProofDbContext db, SubjectDirectory directory) : PageModel
{
    public const int PageSize = 50;

    public string? Query { get; private set; }

    public IReadOnlyList<SubjectHit> Found { get; private set; } = [];

    public int NotInRegisterCount { get; private set; }

    public IReadOnlyList<SubjectHit> NotInRegister { get; private set; } = [];

    public int Skip { get; private set; }

    public IReadOnlyList<RegisterBatch> Batches { get; private set; } = [];

    public async Task OnGetAsync(string? q, int skip, CancellationToken ct)
    {
        Query = q?.Trim();
        if (Query is { Length: > 0 })
            Found = await directory.SearchAsync(Query, SubjectDirectory.MaxSearchResults, ct: ct);
        Skip = Math.Max(0, skip);
        (NotInRegisterCount, NotInRegister) = await directory.NotInRegisterAsync(Skip, PageSize, ct);
        Batches = await db.RegisterBatches.AsNoTracking().OrderByDescending(b => b.StartedAt).Take(10).ToListAsync(ct);
    }
}
