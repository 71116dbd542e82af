using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Window;

/// <summary>A report this member of window staff issued on a subject's behalf: print it or save the PDF for the subject.</summary>
[Authorize(Policy = Policies.Window)]
public sealed class ReportModel(ReportSummaries reports) : PageModel
{
    public ReportSummary Report { get; private set; } = null!;

    public bool JustIssued { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (await reports.FindAsync(number, ReportSummaries.IssuedByWindowStaff(StaffName), ct) is not { } report)
            return NotFound();
        Report = report;
        JustIssued = TempData[Me.Reports.NewModel.IssuedMessageKey] is true;
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(string number, bool inline, CancellationToken ct)
    {
        var pdf = await reports.PdfAsync(number, ReportSummaries.IssuedByWindowStaff(StaffName), ct);
        return pdf is null ? NotFound() : ReportPdf.File(this, pdf, number, inline);
    }

    private string StaffName => User.StaffUserName();
}
