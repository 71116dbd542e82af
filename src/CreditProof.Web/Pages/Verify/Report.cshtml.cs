using CreditProof.Platform;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Verify;

/// <summary>What the report's QR code opens: the signed payload (from the URL fragment, passed on as ?p=) is verified here.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class ReportModel(ReportVerifier verifier, AccessLog log, PlatformOptions platform, IServiceProvider services) : PageModel
{
    public string Number { get; private set; } = "";

    public VerificationOutcome? Outcome { get; private set; }

    public async Task OnGetAsync(string number, string? p, CancellationToken ct)
    {
        Number = number;
        if (string.IsNullOrEmpty(p))
            return;
        // Rebuild the QR text so that a link whose number differs from the signed one is caught; this page is the
        // platform's own address, whatever host name the request used.
        Outcome = await verifier.VerifyQrAsync($"{platform.PublicBaseUrl.TrimEnd('/')}/v/{number}#{p}", services.GetRequiredService<CreditProofDbContext>, ct);
        if (Outcome.IssuedHere && Outcome.Report is { } report)
            log.RecordAccess(HttpContext, report.Number, AccessKind.QrVerification);
    }
}
