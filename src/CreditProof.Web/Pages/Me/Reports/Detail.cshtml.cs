using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Me.Reports;

/// <summary>One of my reports, and its PDF exactly as issued. Another subject's report number answers 404, as an unknown one does.</summary>
[Authorize(Policy = Policies.Subject)]
public sealed class DetailModel(ReportSummaries reports) : PageModel
{
    public ReportSummary Report { get; private set; } = null!;

    public bool JustIssued { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId)
            return Forbid();
        if (await reports.FindAsync(number, ReportSummaries.OfSubject(subjectId), ct) is not { } report)
            return NotFound();
        Report = report;
        JustIssued = TempData[NewModel.IssuedMessageKey] is true;
        return Page();
    }

    /// <summary>The stored bytes; <paramref name="inline"/> opens them in the browser for printing instead of saving.</summary>
    public async Task<IActionResult> OnGetPdfAsync(string number, bool inline, CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId)
            return Forbid();
        var pdf = await reports.PdfAsync(number, ReportSummaries.OfSubject(subjectId), ct);
        return pdf is null ? NotFound() : ReportPdf.File(this, pdf, number, inline);
    }
}
