using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Me.Records;

/// <summary>One of my records: its content and history, and where I can object to it or apply for its repair.</summary>
[Authorize(Policy = Policies.Subject)]
public sealed class DetailModel(CreditProofDbContext db, ObjectionService objections, RepairService repairs, PlatformClock clock) : PageModel
{
    public ViolationRecord Record { get; private set; } = null!;

    public string DomainZh { get; private set; } = "";

    public string DomainEn { get; private set; } = "";

    public string UnitName { get; private set; } = "";

    public IReadOnlyList<Objection> Objections { get; private set; } = [];

    public IReadOnlyList<RepairApplication> Repairs { get; private set; } = [];

    public PublicityWindow? Window { get; private set; }

    public DateOnly? PublicityEnds { get; private set; }

    public DateOnly Today { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    /// <summary>Null when the record can be repaired now (<see cref="RepairEligibility"/>); otherwise why not, and the form is not offered.</summary>
    public WorkflowRefusedException? RepairRefusal { get; private set; }

    public ILookup<Guid, ObjectionAttachment> ObjectionFiles { get; private set; } = Array.Empty<ObjectionAttachment>().ToLookup(a => a.ObjectionId);

    public ILookup<Guid, RepairAttachment> RepairFiles { get; private set; } = Array.Empty<RepairAttachment>().ToLookup(a => a.ApplicationId);

    [BindProperty]
    public string Reason { get; set; } = "";

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostObjectAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        var uploads = await EvidenceUploads.ReadAsync(Files, ct);
        return await RunAsync(() => objections.SubmitAsync(User.ToActor(), id, Reason, uploads, ct), "ObjectionSubmitted");
    }

    public async Task<IActionResult> OnPostRepairAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        var uploads = await EvidenceUploads.ReadAsync(Files, ct);
        return await RunAsync(() => repairs.ApplyAsync(User.ToActor(), id, Reason, uploads, ct), "RepairSubmitted");
    }

    // Post/Redirect/Get: the outcome travels in TempData, the address stays the record's.
    private async Task<IActionResult> RunAsync(Func<Task> step, string successKey)
    {
        try
        {
            await step();
            Message = successKey;
        }
        catch (WorkflowRefusedException e)
        {
            Error = WorkflowPageModel.MessageOf(e);
        }

        return Redirect(Request.PathBase + Request.Path);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var subjectId = User.SubjectIdOf();
        var record = await db.Records.AsNoTracking().Include(r => r.Unit).ThenInclude(u => u.Domain)
            .SingleOrDefaultAsync(r => r.Id == id && r.SubjectId == subjectId, ct);
        if (record is null)
            return false;
        Record = record;
        DomainZh = record.Unit.Domain.NameZh;
        DomainEn = record.Unit.Domain.NameEn;
        UnitName = record.Unit.Name;
        Objections = await db.Objections.AsNoTracking().Where(o => o.RecordId == id).OrderByDescending(o => o.SubmittedAt).ToListAsync(ct);
        Repairs = await db.RepairApplications.AsNoTracking().Where(a => a.RecordId == id).OrderByDescending(a => a.SubmittedAt).ToListAsync(ct);
        var periods = new PublicityPeriods(await db.PublicityRules.AsNoTracking().ToListAsync(ct));
        Window = periods.WindowFor(record);
        // The same 公示截止 as the report prints (PublicityPeriods.EndOf): the unit's date when it sent one.
        PublicityEnds = record.Type == RecordType.Penalty ? periods.EndOf(record) : null;
        Today = clock.Today;
        RepairRefusal = RepairEligibility.Check(record, periods, Today, Repairs.Any(a => a.Status == RepairApplicationStatus.Submitted));
        var objectionIds = Objections.Select(o => o.Id).ToList();
        ObjectionFiles = (await db.Objections.AsNoTracking().Where(o => objectionIds.Contains(o.Id)).SelectMany(o => o.Attachments).ToListAsync(ct)).ToLookup(a => a.ObjectionId);
        var repairIds = Repairs.Select(a => a.Id).ToList();
        RepairFiles = (await db.RepairApplications.AsNoTracking().Where(a => repairIds.Contains(a.Id)).SelectMany(a => a.Attachments).ToListAsync(ct)).ToLookup(a => a.ApplicationId);
        return true;
    }
}
