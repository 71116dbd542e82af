using CreditProof.Commitments;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Unit;

/// <summary>Commitments made for the unit's domain, to check and record as kept or broken (履约践诺); a broken one excludes the subject.</summary>
[Authorize(Policy = Policies.Unit)]
public sealed class CommitmentsModel(CreditProofDbContext db, CommitmentService commitments) : WorkflowPageModel
{
    public sealed record Row(Guid Id, string SubjectName, string SubjectCode, DateTime SignedAt, string TextZh);

    public IReadOnlyList<Row> Active { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostRecordAsync(Guid id, bool kept, string? note, CancellationToken ct) =>
        RunStepAsync(() => commitments.RecordFulfilmentAsync(User.ToActor(), id, kept, note ?? "", ct), ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var unitId = User.UnitIdOf();
        var domainId = await db.Units.Where(u => u.Id == unitId).Select(u => (int?)u.DomainId).SingleOrDefaultAsync(ct);
        Active = await db.Commitments.AsNoTracking()
            .Where(c => c.DomainId == domainId && c.Status == CommitmentStatus.Active)
            .Join(db.Subjects, c => c.SubjectId, s => s.Id, (c, s) => new { c, s })
            .OrderBy(x => x.c.SignedAt)
            .Select(x => new Row(x.c.Id, x.s.Name, x.s.Type == Identifiers.SubjectType.NaturalPerson ? x.s.MaskedCode ?? "" : x.s.Code, x.c.SignedAt, x.c.TextZh))
            .ToListAsync(ct);
        Active = Active.Select(r => r with { SubjectCode = Identifiers.ResidentId.MaskAll(r.SubjectCode) }).ToList();
    }
}
