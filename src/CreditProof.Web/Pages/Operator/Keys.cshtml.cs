using CreditProof.Signing;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Operator;

/// <summary>The platform's signing keys: public parts and status only. Private keys stay encrypted in the store, never shown.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class KeysModel(SigningKeyStore store, ILogger<KeysModel> logger) : PageModel
{
    public IReadOnlyList<SigningKeyInfo> Keys { get; private set; } = [];

    /// <summary>The key a post just created, shown after the redirect (Post/Redirect/Get).</summary>
    [TempData]
    public string? Created { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = await store.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(SigningAlgorithm algorithm, CancellationToken ct)
    {
        if (!Enum.IsDefined(algorithm))
            return BadRequest();
        var key = await store.CreateAsync(algorithm, "portal:" + User.StaffUserName(), KeyCustody.Database, ct);
        logger.LogInformation("Operator {Operator} created signing key {KeyId} ({Algorithm}, active: {Active})", User.StaffUserName(), key.Id, algorithm.Name(), key.IsActive);
        Created = key.Id;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRotateAsync(SigningAlgorithm algorithm, CancellationToken ct)
    {
        if (!Enum.IsDefined(algorithm))
            return BadRequest();
        var key = await store.RotateAsync(algorithm, "portal:" + User.StaffUserName(), null, ct);
        logger.LogInformation("Operator {Operator} rotated the {Algorithm} signing key; {KeyId} now signs new reports", User.StaffUserName(), algorithm.Name(), key.Id);
        Created = key.Id;
        return RedirectToPage();
    }
}
