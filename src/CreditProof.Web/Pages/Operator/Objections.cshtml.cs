using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>The operator's desk: objections to accept or reject, and everything overdue across all units.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class ObjectionsModel(CreditProofDbContext db, ObjectionService objections, PlatformClock clock) : WorkflowPageModel
{
    public IReadOnlyList<Row> ToAccept { get; private set; } = [];

    public IReadOnlyList<Row> Overdue { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) => RunStepAsync(() => objections.AcceptAsync(User.ToActor(), id, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, string reason, CancellationToken ct) => RunStepAsync(() => objections.RejectAsync(User.ToActor(), id, reason, ct), ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Today = clock.Today;
        var open = await db.Objections.AsNoTracking()
            .Where(o => Objection.OpenStatuses.Contains(o.Status))
            .Join(db.Records, o => o.RecordId, r => r.Id, (o, r) => new { o, r.DocumentNumber, r.SubjectName, Unit = r.Unit.Name })
            .ToListAsync(ct);
        ToAccept = open.Where(x => x.o.Status == ObjectionStatus.Submitted)
            .Select(x => new Row(x.o.Id, "objection", x.DocumentNumber, x.SubjectName, x.Unit, x.o.Status.NameZh(), x.o.CurrentDueOn!.Value, x.o.Reason))
            .OrderBy(r => r.DueOn).ToList();
        var overdueRepairs = (await db.RepairApplications.AsNoTracking()
                .Where(a => a.Status == RepairApplicationStatus.Submitted && a.DueOn < Today)
                .Join(db.Records, a => a.RecordId, r => r.Id, (a, r) => new { a, r.DocumentNumber, r.SubjectName, Unit = r.Unit.Name })
                .ToListAsync(ct))
            .Select(x => new Row(x.a.Id, "repair", x.DocumentNumber, x.SubjectName, x.Unit, x.a.Status.NameZh(), x.a.DueOn, x.a.Statement));
        Overdue = open.Where(x => x.o.IsOverdue(Today))
            .Select(x => new Row(x.o.Id, "objection", x.DocumentNumber, x.SubjectName, x.Unit, x.o.Status.NameZh(), x.o.CurrentDueOn!.Value, x.o.Reason))
            .Concat(overdueRepairs).OrderBy(r => r.DueOn).ToList();
    }

    public sealed record Row(Guid Id, string Kind, string DocumentNumber, string SubjectName, string Unit, string StatusZh, DateOnly DueOn, string Text);
}
