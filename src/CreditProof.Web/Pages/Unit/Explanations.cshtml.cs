using CreditProof.RelyingParties;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Unit;

/// <summary>Requests for explanation about the unit's records (说明请求), with their deadlines; the unit answers here.</summary>
[Authorize(Policy = Policies.Unit)]
public sealed class ExplanationsModel(Explanations explanations, CreditProofDbContext db) : WorkflowPageModel
{
    public IReadOnlyList<(ExplanationRequest Request, string PartyName)> Requests { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAnswerAsync(Guid id, string answer, CancellationToken ct) =>
        RunStepAsync(() => explanations.AnswerAsync(User.ToActor(), id, answer, ct), ct, "RpAnswered");

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var names = await db.RelyingParties.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Requests = (await explanations.ForUnitAsync(User.UnitIdOf()!.Value, ct)).Select(e => (e, names.GetValueOrDefault(e.RelyingPartyId, "?"))).ToList();
    }
}
