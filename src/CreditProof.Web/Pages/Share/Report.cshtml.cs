using System.Globalization;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Share;

/// <summary>
/// The full report for a relying party whose browser redeemed a valid share code (授权): verification, records and the
/// PDF. The address carries no code: the session cookie <see cref="ShareSession"/> set says which grant this is.
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class ReportModel(ShareSession session, ReportVerifier verifier, AccessLog log, IServiceProvider services) : PageModel
{
    public string? Refusal { get; private set; }

    public VerificationOutcome? Outcome { get; private set; }

    public ReportContent? Report { get; private set; }

    public string Purpose { get; private set; } = "";

    public string GrantExpires { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (share, zh, en) = await session.ResumeAsync(HttpContext, ct);
        if (share is not { Grant: var grant, Report: var report })
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Refusal = Chinese ? zh : en;
            return;
        }

        var outcome = await verifier.VerifyQrAsync(report.QrText, services.GetRequiredService<ReadOnlyDatabase>(), ct);
        Outcome = outcome with { Status = report.Status, StatusReason = report.StatusReason };
        Report = ReportContent.FromCanonicalJson(report.Content);
        Purpose = grant.RelyingParty is null ? grant.Purpose : $"{grant.Purpose}（{grant.RelyingParty}）";
        GrantExpires = grant.ExpiresAt.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The signed PDF, for the same session.</summary>
    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        var (share, _, _) = await session.ResumeAsync(HttpContext, ct);
        if (share is not { Grant: var grant, Report: var report })
            return RedirectToPage();
        var pdf = await services.GetRequiredService<PdfStore>().ReadAsync(report, ct);
        log.RecordAccess(HttpContext, report.Number, AccessKind.ShareDownload, grant.Id);
        return File(pdf, "application/pdf", $"{report.Number}.pdf");
    }

    private static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
}
