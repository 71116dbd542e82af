using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Verify;

/// <summary>
/// The paper path: report number and verification code typed in; rate-limited per client address. The post checks and
/// counts the attempt, then redirects (Post/Redirect/Get): the verdict is shown on <c>/verify</c> once, from the pair
/// the post left in TempData (protected like every cookie), so a reload neither posts again nor spends an attempt.
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(ReportVerifier verifier, AccessLog log, TypedCodeThrottle throttle, ReadOnlyDatabase reads) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public VerificationOutcome? Outcome { get; private set; }

    public bool Throttled { get; private set; }

    /// <summary>The number and code a post checked, for the view it redirected to; read once.</summary>
    [TempData]
    public string? Checked { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Checked?.Split('\n') is not [var number, var code])
            return;
        // Verified again rather than carried over: the verdict shown is the one true now, and the pair is all the
        // cookie holds. The attempt was counted, and the access recorded, by the post.
        Number = number;
        Outcome = await verifier.VerifyNumberAsync(reads, number, code, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await throttle.TryAcquireAsync(HttpContext))
        {
            Throttled = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var outcome = await verifier.VerifyNumberAsync(reads, Number, Code, ct);
        if (outcome.Report is { } report)
        {
            await throttle.SucceededAsync(HttpContext);
            log.RecordAccess(HttpContext, report.Number, AccessKind.NumberVerification);
        }

        Checked = $"{Number?.ReplaceLineEndings("")}\n{Code?.ReplaceLineEndings("")}";
        return RedirectToPage();
    }
}
