using CreditProof.RelyingParties;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CreditProof.Web.Pages.Requirement;

/// <summary>
/// A requirement link opened by the subject (<c>/r/{token}</c>, sign-in first): exactly what will be issued and to whom,
/// the consents asked for, and one button that issues the report and grants the party access.
/// </summary>
[Authorize(Policy = Policies.Subject)]
public sealed class IndexModel(Requirements requirements) : WorkflowPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public RequirementPreview? Preview { get; private set; }

    /// <summary>The report just issued for the link (kept across the redirect after the post).</summary>
    [TempData]
    public string? IssuedNumber { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(bool consentNotices, bool consentChanges, CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            var done = await requirements.FulfilAsync(Token, User.SubjectIdOf()!.Value, User.FindFirst(CreditProofClaims.SubjectCode)!.Value, consentNotices, consentChanges, ct);
            IssuedNumber = done.Report.ReportNumber;
        }, ct, "RpFulfilled");

    protected override async Task LoadAsync(CancellationToken ct)
    {
        if (IssuedNumber is not null)
            return;
        try
        {
            Preview = await requirements.PreviewAsync(Token, User.FindFirst(CreditProofClaims.SubjectCode)?.Value ?? "", ct);
        }
        catch (CreditProof.Workflows.WorkflowRefusedException e)
        {
            Error ??= MessageOf(e);
        }
    }
}
