using CreditProof.RelyingParties;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CreditProof.Web.Pages.Operator;

/// <summary>The operator registers relying parties (报告使用方) and gives them staff accounts, scoped API keys and a webhook.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class RelyingPartiesModel(RelyingPartyRegistry registry) : WorkflowPageModel
{
    public sealed record PartyRow(RelyingParty Party, IReadOnlyList<RelyingPartyApiKey> Keys);

    public IReadOnlyList<PartyRow> Parties { get; private set; } = [];

    /// <summary>A new API key or webhook secret, shown once.</summary>
    public string? Secret { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostRegisterAsync(string name, string creditCode, string kind, int? requestsPerMinute, CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            var parsed = RelyingPartyKinds.FromSlug(kind) ?? throw new CreditProof.Workflows.WorkflowRefusedException("请选择使用方类型", "choose the kind of organisation");
            await registry.RegisterAsync(name, creditCode, parsed, requestsPerMinute, "operator:" + User.StaffUserName(), ct);
        }, ct, "RpRegistered");

    public Task<IActionResult> OnPostStaffAsync(int partyId, string userName, string displayName, string password, CancellationToken ct) =>
        RunStepAsync(() => registry.AddStaffAsync(partyId, userName, displayName, password, ct), ct, "RpStaffAdded");

    public Task<IActionResult> OnPostKeyAsync(int partyId, string? scopes, string? label, CancellationToken ct) =>
        RunStepShowingSecretAsync(async () => Secret = (await registry.IssueKeyAsync(partyId, scopes, label, "operator:" + User.StaffUserName(), ct)).Key, "RpKeyIssued", ct);

    public Task<IActionResult> OnPostRevokeAsync(int partyId, int keyId, CancellationToken ct) =>
        RunStepAsync(() => registry.RevokeKeyAsync(partyId, keyId, "operator:" + User.StaffUserName(), ct), ct, "RpKeyRevoked");

    public Task<IActionResult> OnPostWebhookAsync(int partyId, string? url, CancellationToken ct) =>
        RunStepShowingSecretAsync(async () => Secret = await registry.SetWebhookAsync(partyId, url, ct), "RpWebhookSet", ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var rows = new List<PartyRow>();
        foreach (var party in await registry.ListAsync(ct))
            rows.Add(new PartyRow(party, await registry.KeysAsync(party.Id, ct)));
        Parties = rows;
    }
}
