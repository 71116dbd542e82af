using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Me.Reports;

/// <summary>我的报告: every report issued for the signed-in subject, newest first, its own and those issued at a window.</summary>
[Authorize(Policy = Policies.Subject)]
public sealed class IndexModel(ReportSummaries reports) : PageModel
{
    public const int Shown = 200;

    public IReadOnlyList<ReportSummary> Reports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.SubjectIdOf() is not { } subjectId)
            return Forbid();
        Reports = await reports.ListAsync(ReportSummaries.OfSubject(subjectId), Shown, ct);
        return Page();
    }
}
