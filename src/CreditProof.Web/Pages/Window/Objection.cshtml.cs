using CreditProof.Objections;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Workflows;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Window;

/// <summary>
/// Window staff take an objection (异议) to one of the subject's records at the counter, after checking the person's
/// identity: the check is kept, and the objection names the staff member who took it (窗口代为受理).
/// </summary>
[Authorize(Policy = Policies.Window)]
public sealed class ObjectionModel(CreditProofDbContext db, ObjectionService objections) : PageModel
{
    [BindProperty]
    public IdentityCheckForm Identity { get; set; } = new();

    [BindProperty]
    public string Reason { get; set; } = "";

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public string SubjectName { get; private set; } = "";

    public string DocumentNumber { get; private set; } = "";

    public string? RecordContent { get; private set; }

    public string? IdentityField { get; private set; }

    public string? IdentityError { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid recordId, CancellationToken ct) => await LoadAsync(id, recordId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid recordId, CancellationToken ct)
    {
        if (!await LoadAsync(id, recordId, ct))
            return NotFound();
        var (check, field, error) = await Identity.RecordAsync(HttpContext, id, "objection", ct);
        if (check is null)
        {
            (IdentityField, IdentityError) = (field, error);
            return Page();
        }

        try
        {
            var reason = $"{Reason.Trim()}（{check.HolderName}，{CreditProof.Subjects.IdentityDocuments.NameZh(check.Document)} {check.MaskedNumber}）";
            await objections.SubmitAsync(User.ToActor(), recordId, Reason.Trim().Length == 0 ? "" : reason, await EvidenceUploads.ReadAsync(Files, ct), ct);
        }
        catch (WorkflowRefusedException e)
        {
            Error = WorkflowPageModel.MessageOf(e);
            return Page();
        }

        TempData["Message"] = "ObjectionTakenAtWindow";
        return Redirect($"/window/subjects/{id}");
    }

    private async Task<bool> LoadAsync(Guid subjectId, Guid recordId, CancellationToken ct)
    {
        var record = await db.Records.AsNoTracking().Where(r => r.Id == recordId && r.SubjectId == subjectId)
            .Select(r => new { r.DocumentNumber, r.SubjectName, r.Content }).SingleOrDefaultAsync(ct);
        if (record is null)
            return false;
        (DocumentNumber, SubjectName, RecordContent) = (record.DocumentNumber, record.SubjectName, record.Content);
        CreditProof.Audit.AuditContext.Concerns(subjectId);
        return true;
    }
}
