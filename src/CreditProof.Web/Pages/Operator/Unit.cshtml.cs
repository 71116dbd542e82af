using CreditProof.Ingest;
using CreditProof.Storage;
using CreditProof.Units;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// One unit's API keys: issue one (shown once in answer to the post, only its hash is kept) or revoke one (Post/Redirect/Get).
/// </summary>
[Authorize(Policy = Policies.Operator)]
public sealed class UnitModel(CreditProofDbContext db, UnitApiKeys keys, ILogger<UnitModel> logger) : WorkflowPageModel
{
    public DataSourceUnit Unit { get; private set; } = null!;

    public IReadOnlyList<UnitApiKey> Keys { get; private set; } = [];

    /// <summary>The key just issued: in this one response only, never stored or logged.</summary>
    public string? NewKey { get; private set; }

    [BindProperty]
    public string? Label { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await FindAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
            return NotFound();
        var label = string.IsNullOrWhiteSpace(Label) ? null : Label.Trim()[..Math.Min(Label.Trim().Length, 200)];
        return await RunStepShowingSecretAsync(async () =>
        {
            var issued = await keys.IssueAsync(Unit.CreditCode, "portal:" + User.StaffUserName(), label, ct);
            logger.LogInformation("Operator {Operator} issued API key {Prefix} (id {KeyId}) for unit {Unit}", User.StaffUserName(), issued.Prefix, issued.Id, Unit.CreditCode);
            NewKey = issued.Key;
        }, "KeyIssued", ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int keyId, CancellationToken ct)
    {
        if (!await FindAsync(ct))
            return NotFound();
        // Only a key of this unit: the id in the form is checked against the page's unit.
        if (!Keys.Any(k => k.Id == keyId && k.IsActive))
            return NotFound();
        await keys.RevokeAsync(keyId.ToString(System.Globalization.CultureInfo.InvariantCulture), "portal:" + User.StaffUserName(), ct);
        logger.LogInformation("Operator {Operator} revoked API key id {KeyId} of unit {Unit}", User.StaffUserName(), keyId, Unit.CreditCode);
        return SucceededAndRedirect("KeyRevoked");
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await FindAsync(ct);
    }

    private async Task<bool> FindAsync(CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Include(u => u.Domain).SingleOrDefaultAsync(u => u.Id == Id, ct);
        if (unit is null)
            return false;
        Unit = unit;
        Keys = await db.UnitApiKeys.AsNoTracking().Where(k => k.UnitId == Id).OrderByDescending(k => k.IssuedAt).ToListAsync(ct);
        return true;
    }
}
