using CreditProof.RelyingParties;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Me.Grants;

/// <summary>Every grant I gave a relying party (with change notices and what it may see), to end any of them; and the questions parties asked about my records, with the answers.</summary>
[Authorize(Policy = Policies.Subject)]
public sealed class IndexModel(PartyGrants grants, Explanations explanations, CreditProofDbContext db) : WorkflowPageModel
{
    public IReadOnlyList<GrantListing> Grants { get; private set; } = [];

    public IReadOnlyList<(ExplanationRequest Request, string PartyName)> Asked { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken ct) =>
        RunStepAsync(() => grants.EndAsync(User.SubjectIdOf()!.Value, id, "subject", ct), ct, "RpGrantEndedMessage");

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var subject = User.SubjectIdOf()!.Value;
        Grants = await grants.ForSubjectAsync(subject, ct);
        var names = await db.RelyingParties.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Asked = (await explanations.ForSubjectAsync(subject, ct)).Select(e => (e, names.GetValueOrDefault(e.RelyingPartyId, "?"))).ToList();
    }
}
