using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Pages.Me.Reports;

/// <summary>申请专项信用报告: the subject chooses domains, a period and the scenario, and gets its signed report.</summary>
[Authorize(Policy = Policies.Subject)]
public sealed class NewModel(CreditProofDbContext db, ReportFormService forms, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const string IssuedMessageKey = "report-issued";

    [BindProperty]
    public ReportForm Form { get; set; } = new();

    public ReportFormView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => View = await forms.ViewAsync(Form, null, localizer["IssueReport"], ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Form.Select is not null)
        {
            View = await forms.ViewAsync(Form, null, localizer["IssueReport"], ct);
            return Page();
        }

        var subjectId = User.SubjectIdOf();
        var subject = await db.Subjects.AsNoTracking().Where(s => s.Id == subjectId).Select(s => new { s.Code, s.Type, s.MaskedCode }).SingleOrDefaultAsync(ct);
        if (subject is null)
            return Forbid();
        var displayCode = subject.Type == Identifiers.SubjectType.NaturalPerson ? subject.MaskedCode ?? "" : subject.Code;
        // On a kiosk the same page serves the self-service terminal: the channel is recorded for the statistics.
        var channel = KioskMode.IsKiosk(HttpContext) ? CreditProof.Reports.ReportChannels.KioskPrefix : CreditProof.Reports.ReportChannels.PortalPrefix;
        var outcome = await forms.IssueAsync(Form, subject.Code, channel + displayCode, ct);
        if (outcome.ReportNumber is { } number)
        {
            TempData[IssuedMessageKey] = true;
            return RedirectToPage("Detail", new { number });
        }

        View = await forms.ViewAsync(Form, outcome.Errors, localizer["IssueReport"], ct);
        return Page();
    }
}
