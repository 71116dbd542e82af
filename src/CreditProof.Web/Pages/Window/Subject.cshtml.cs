using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
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
    public IdentityCheckForm Identity { get; set; } = new();

    public string? IdentityField { get; private set; }

    public Subject Subject { get; private set; } = null!;

    /// <summary>The subject's records, shown first: staff answer questions about them and take an objection on the subject's behalf.</summary>
    public IReadOnlyList<RecordRow> Records { get; private set; } = [];

    /// <summary>The last identity checks at the window for this subject (who checked which document, when).</summary>
    public IReadOnlyList<IdentityCheck> Checks { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public sealed record RecordRow(Guid Id, string DocumentNumber, string DomainZh, string DomainEn, DateOnly DecisionDate, string? Content, Records.LegalStatus Status, bool UnderObjection);

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
        var (check, field, error) = await Identity.RecordAsync(HttpContext, Subject.Id, "report", ct);
        if (check is null)
        {
            IdentityError = localizer["ConfirmIdentityFirst"] + " " + error;
            IdentityField = field;
            outcome = new ReportFormOutcome(null, new Dictionary<string, string> { ["identity"] = IdentityError });
        }
        else
        {
            outcome = await forms.IssueAsync(Form, Subject.Code, ReportSummaries.WindowRequester(staff, Subject.DisplayCode), ct);
        }

        if (outcome.ReportNumber is { } number)
        {
            logger.LogInformation("Window staff {Staff} checked identity in person ({Document} {Masked}) and issued report {Number} on behalf of subject {Subject}",
                staff, check!.Document, check.MaskedNumber, number, Subject.DisplayCode);
            TempData[Me.Reports.NewModel.IssuedMessageKey] = true;
            return RedirectToPage("Report", new { number });
        }

        View = await forms.ViewAsync(Form, outcome.Errors, localizer["IssueOnBehalf"], ct);
        return Page();
    }

    public const int MaxRecords = 100;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subject is null)
            return false;
        Subject = subject;
        CreditProof.Audit.AuditContext.Concerns(subject.Id);
        var open = db.Objections.Where(o => CreditProof.Objections.Objection.OpenStatuses.Contains(o.Status));
        Records = await db.Records.AsNoTracking().Where(r => r.SubjectId == id)
            .OrderByDescending(r => r.DecisionDate).ThenBy(r => r.DocumentNumber).Take(MaxRecords)
            .Select(r => new RecordRow(r.Id, r.DocumentNumber, r.Unit.Domain.NameZh, r.Unit.Domain.NameEn, r.DecisionDate, r.Content, r.Status, open.Any(o => o.RecordId == r.Id)))
            .ToListAsync(ct);
        Checks = await db.IdentityChecks.AsNoTracking().Where(c => c.SubjectId == id).OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).Take(5).ToListAsync(ct);
        return true;
    }
}
