using CreditProof.Commitments;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Me.Commitments;

/// <summary>
/// My credit commitments (信用承诺): for each domain the platform does not cover yet, the commitment wording and a way to
/// sign it; the commitments I made and whether the responsible department found them kept.
/// </summary>
[Authorize(Policy = Policies.Subject)]
public sealed class IndexModel(CreditProofDbContext db, CommitmentService commitments) : WorkflowPageModel
{
    public sealed record Offer(int DomainId, string DomainZh, string DomainEn, string TextZh, bool RecordsHeld);

    public sealed record Mine(Guid Id, string DomainZh, string DomainEn, DateTime SignedAt, CommitmentStatus Status, string TextZh, string? FulfilmentNote);

    public IReadOnlyList<Offer> Uncovered { get; private set; } = [];

    public IReadOnlyList<Mine> Commitments { get; private set; } = [];

    public EligibilityRefusal? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.SubjectIdOf() is null)
            return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostSignAsync(int domainId, CancellationToken ct) =>
        User.SubjectIdOf() is { } subjectId
            ? RunStepAsync(() => commitments.SignAsync(User.ToActor(), subjectId, domainId, ct), ct, "CommitmentSigned")
            : Task.FromResult<IActionResult>(Forbid());

    protected override async Task LoadAsync(CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId)
            return;
        var templates = await db.CommitmentTemplates.AsNoTracking().ToListAsync(ct);
        var latest = templates.GroupBy(t => t.DomainId).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Version)!);
        var uncovered = await db.Domains.AsNoTracking().Where(d => !d.IsCovered).OrderBy(d => d.SortOrder).ToListAsync(ct);
        var held = await CommitmentService.DomainsWithRecordsAsync(db, subjectId, uncovered.Select(d => d.Id).ToList(), ct);
        Uncovered = uncovered
            .Select(d => new Offer(d.Id, d.NameZh, d.NameEn, latest.TryGetValue(d.Id, out var t)
                ? t.TextZh
                : CommitmentService.DefaultWording(d.NameZh), held.Contains(d.Id)))
            .ToList();
        Commitments = await db.Commitments.AsNoTracking().Where(c => c.SubjectId == subjectId)
            .OrderByDescending(c => c.SignedAt)
            .Join(db.Domains, c => c.DomainId, d => d.Id, (c, d) => new Mine(c.Id, d.NameZh, d.NameEn, c.SignedAt, c.Status, c.TextZh, c.FulfilmentNote))
            .ToListAsync(ct);
        Refusal = await CommitmentService.CheckEligibilityAsync(db, subjectId, ct);
    }
}
