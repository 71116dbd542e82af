using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Pages.Window;

/// <summary>
/// Issue a report on a subject's behalf at the counter. Only after the staff member confirms they checked the person's
/// identity in person; the report records who issued it and for whom (<see cref="ReportSummaries.WindowRequester"/>).
/// </summary>
[Authorize(Policy = Policies.Window)]
public sealed class SubjectModel(CreditProofDbContext db, ReportFormService forms, IStringLocalizer<SharedResource> localizer, ILogger<SubjectModel> logger) : PageModel
{
    [BindProperty]
    public ReportForm Form { get; set; } = new();

    [BindProperty]
    public bool IdentityChecked { get; set; }

    public Subject Subject { get; private set; } = null!;

    public ReportFormView View { get; private set; } = null!;

    public string? IdentityError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        View = await forms.ViewAsync(Form, null, localizer["IssueOnBehalf"], ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        if (Form.Select is not null)
        {
            View = await forms.ViewAsync(Form, null, localizer["IssueOnBehalf"], ct);
            return Page();
        }

        var staff = User.StaffUserName();
        ReportFormOutcome outcome;
        if (!IdentityChecked)
        {
            IdentityError = localizer["ConfirmIdentityFirst"];
            outcome = new ReportFormOutcome(null, new Dictionary<string, string> { ["identity"] = IdentityError });
        }
        else
        {
            outcome = await forms.IssueAsync(Form, Subject.Code, ReportSummaries.WindowRequester(staff, Subject.DisplayCode), ct);
        }

        if (outcome.ReportNumber is { } number)
        {
            logger.LogInformation("Window staff {Staff} checked identity in person and issued report {Number} on behalf of subject {Subject}",
                staff, number, Subject.DisplayCode);
            TempData[Me.Reports.NewModel.IssuedMessageKey] = true;
            return RedirectToPage("Report", new { number });
        }

        View = await forms.ViewAsync(Form, outcome.Errors, localizer["IssueOnBehalf"], ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subject is null)
            return false;
        Subject = subject;
        CreditProof.Audit.AuditContext.Concerns(subject.Id);
        return true;
    }
}
