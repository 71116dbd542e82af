using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ReportSummary = CreditProof.Web.Reports.ReportSummary;

namespace CreditProof.Web.Pages.Me.Reports;

/// <summary>
/// One of my reports: its status, its PDF exactly as issued, the share grants (授权) I gave and who used the report.
/// Another subject's report number answers 404, as an unknown one does.
/// </summary>
[Authorize(Policy = Policies.Subject)]
public sealed class DetailModel(ReportSummaries reports, ShareGrants grants, AccessLog log, CreditProofDbContext db, IOptions<ReportOptions> options) : PageModel
{
    public ReportSummary Report { get; private set; } = null!;

    public bool JustIssued { get; private set; }

    public IReadOnlyList<ShareGrant> Grants { get; private set; } = [];

    public IReadOnlyList<ReportAccess> Accesses { get; private set; } = [];

    public TimeSpan SingleUseSession => grants.SingleUseSession;

    /// <summary>Shown once, right after the grant is made; only its hash is kept.</summary>
    [TempData]
    public string? NewShareCode { get; set; }

    public string? NewShareUrl { get; private set; }

    public string? NewShareQr { get; private set; }

    [TempData]
    public string? Error { get; set; }

    public int DefaultDays => options.Value.ShareDefaultDays;

    public int MaxDays => options.Value.ShareMaxDays;

    [BindProperty]
    public string? Purpose { get; set; }

    [BindProperty]
    public string? RelyingParty { get; set; }

    [BindProperty]
    public int? Days { get; set; }

    [BindProperty]
    public bool SingleUse { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
            return NotFound();
        JustIssued = TempData[NewModel.IssuedMessageKey] is true;
        if (NewShareCode is not null)
        {
            NewShareUrl = grants.LinkFor(NewShareCode);
            NewShareQr = QrImages.PngDataUri(NewShareUrl);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostShareAsync(string number, CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId || !await LoadAsync(number, ct))
            return NotFound();
        try
        {
            // Shown once, on the page the redirect leads to (TempData is encrypted and read once).
            (_, NewShareCode) = await grants.CreateAsync(subjectId, number, ReportPurposes.Describe(Purpose) ?? "", RelyingParty, Days, SingleUse, "subject:" + User.Identity?.Name, ct);
        }
        catch (ShareRefusedException e)
        {
            Error = ReportFormService.Chinese ? e.MessageZh : e.MessageEn;
        }

        return RedirectToPage(new { number });
    }

    /// <summary>Revokes a grant once the holder confirmed it (the relying party loses access at once).</summary>
    public async Task<IActionResult> OnPostRevokeGrantAsync(string number, Guid grantId, bool confirm, CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId || !await LoadAsync(number, ct))
            return NotFound();
        if (!confirm)
        {
            Error = ReportFormService.Chinese ? "请勾选确认后再撤销授权：撤销后使用方将无法再查看该报告" : "Tick the confirmation to revoke: the relying party can no longer see the report.";
            return RedirectToPage(new { number });
        }

        try
        {
            await grants.RevokeAsync(subjectId, grantId, ct);
        }
        catch (ShareRefusedException)
        {
            return NotFound();
        }

        return RedirectToPage(new { number });
    }

    /// <summary>The stored bytes; <paramref name="inline"/> opens them in the browser for printing instead of saving.</summary>
    public async Task<IActionResult> OnGetPdfAsync(string number, bool inline, CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId)
            return Forbid();
        var pdf = await reports.PdfAsync(number, ReportSummaries.OfSubject(subjectId), ct);
        if (pdf is null)
            return NotFound();
        log.RecordAccess(HttpContext, number, AccessKind.HolderDownload);
        return ReportPdf.File(this, pdf, number, inline);
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId)
            return false;
        if (await reports.FindAsync(number, ReportSummaries.OfSubject(subjectId), ct) is not { } report)
            return false;
        Report = report;
        Grants = await grants.ForReportAsync(subjectId, number, ct);
        Accesses = await AccessLog.ForReportAsync(db, report.Number, 100, ct);
        return true;
    }
}
