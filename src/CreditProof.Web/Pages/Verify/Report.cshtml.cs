using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Verify;

/// <summary>What the report's QR code opens: the signed payload (from the URL fragment, passed on as ?p=) is verified here.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class ReportModel(ReportVerifier verifier, AccessLog log, PlatformOptions platform, ReadOnlyDatabase reads) : PageModel
{
    public string Number { get; private set; } = "";

    public VerificationOutcome? Outcome { get; private set; }

    /// <summary>Opened without the QR's payload, for a number this platform never issued (or no report number at all).</summary>
    public bool NotFoundHere { get; private set; }

    public async Task OnGetAsync(string number, string? p, CancellationToken ct)
    {
        Number = number;
        if (string.IsNullOrEmpty(p))
        {
            // A QR link whose fragment was lost, or a typed address: say plainly when there is no such report here
            // (another province's report always carries its payload, which verify.js passes on as ?p=).
            var parsed = ReportNumbers.ParseNumber(number);
            NotFoundHere = parsed is null || !await reads.ReadAsync(db => db.IssuedReports.AnyAsync(r => r.Number == parsed, ct), found => !found);
            if (NotFoundHere)
                Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // Rebuild the QR text so that a link whose number differs from the signed one is caught; this page is the
        // platform's own address, whatever host name the request used.
        Outcome = await verifier.VerifyQrAsync($"{platform.PublicBaseUrl.TrimEnd('/')}/v/{number}#{p}", reads, ct);
        if (Outcome.IssuedHere && Outcome.Report is { } report)
            log.RecordAccess(HttpContext, report.Number, AccessKind.QrVerification);
    }
}
