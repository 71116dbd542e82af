using CreditProof.Commitments;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>Subjects excluded after a false commitment, and the operator's recorded decision to lift an exclusion.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class IneligibilitiesModel(CreditProofDbContext db, CommitmentService commitments, ILogger<IneligibilitiesModel> logger) : WorkflowPageModel
{
    public sealed record Row(Guid SubjectId, string SubjectName, string SubjectCode, string DomainZh, DateTime Since, string? Note);

    public IReadOnlyList<Row> Excluded { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostLiftAsync(Guid subjectId, string? reason, CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            await commitments.LiftIneligibilityAsync(User.ToActor(), subjectId, reason ?? "", ct);
            logger.LogInformation("Operator {Operator} lifted the exclusion of subject {SubjectId}: {Reason}", User.Identity?.Name, subjectId, reason);
        }, ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Ineligibilities.AsNoTracking().Where(i => i.LiftedAt == null)
            .Join(db.Commitments, i => i.CommitmentId, c => c.Id, (i, c) => new { i, c })
            .Join(db.Subjects, x => x.i.SubjectId, s => s.Id, (x, s) => new { x.i, x.c, s })
            .Join(db.Domains, x => x.c.DomainId, d => d.Id, (x, d) => new { x.i.SubjectId, x.s.Name, Code = x.s.Type == Identifiers.SubjectType.NaturalPerson ? x.s.MaskedCode ?? "" : x.s.Code, d.NameZh, x.i.Since, x.c.FulfilmentNote })
            .OrderByDescending(x => x.Since).ToListAsync(ct);
        Excluded = rows.Select(x => new Row(x.SubjectId, x.Name, Identifiers.ResidentId.MaskAll(x.Code), x.NameZh, x.Since, x.FulfilmentNote)).ToList();
    }
}
