using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Verify;

/// <summary>The paper path: report number and verification code typed in; rate-limited per client address.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(ReportVerifier verifier, AccessLog log, TypedCodeThrottle throttle, ReadOnlyDatabase reads) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public VerificationOutcome? Outcome { get; private set; }

    public bool Throttled { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await throttle.TryAcquireAsync(HttpContext))
        {
            Throttled = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        Outcome = await verifier.VerifyNumberAsync(reads, Number, Code, ct);
        if (Outcome.Report is { } report)
        {
            await throttle.SucceededAsync(HttpContext);
            log.RecordAccess(HttpContext, report.Number, AccessKind.NumberVerification);
        }

        return Page();
    }
}
