using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Workflows;
using CreditProof.Workflows;
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

    /// <summary>History search: a document number, or part of a subject's name or code.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public ILookup<Guid, EvidenceLink> Evidence { get; private set; } = Array.Empty<(Guid, EvidenceLink)>().ToLookup(x => x.Item1, x => x.Item2);

    /// <summary>A step of a workflow's history; <see cref="To"/> is the status it led to, in the reader's language.</summary>
    public sealed record Step(DateTime At, string ActorName, ActorRole ActorRole, string To, string? Note);

    public sealed record HistoryRow(Guid Id, string Kind, string DocumentNumber, string SubjectName, string Unit, string Status, DateTime SubmittedAt, string Text, string? TakenAtWindowBy, IReadOnlyList<Step> Steps);

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
            .Select(x => new Row(x.o.Id, "objection", x.DocumentNumber, x.SubjectName, x.Unit, UiCulture.Pick(x.o.Status.NameZh(), x.o.Status.NameEn()), x.o.CurrentDueOn!.Value, x.o.Reason))
            .OrderBy(r => r.DueOn).ToList();
        var overdueRepairs = (await db.RepairApplications.AsNoTracking()
                .Where(a => a.Status == RepairApplicationStatus.Submitted && a.DueOn < Today)
                .Join(db.Records, a => a.RecordId, r => r.Id, (a, r) => new { a, r.DocumentNumber, r.SubjectName, Unit = r.Unit.Name })
                .ToListAsync(ct))
            .Select(x => new Row(x.a.Id, "repair", x.DocumentNumber, x.SubjectName, x.Unit, UiCulture.Pick(x.a.Status.NameZh(), x.a.Status.NameEn()), x.a.DueOn, x.a.Statement));
        Overdue = open.Where(x => x.o.IsOverdue(Today))
            .Select(x => new Row(x.o.Id, "objection", x.DocumentNumber, x.SubjectName, x.Unit, UiCulture.Pick(x.o.Status.NameZh(), x.o.Status.NameEn()), x.o.CurrentDueOn!.Value, x.o.Reason))
            .Concat(overdueRepairs).OrderBy(r => r.DueOn).ToList();
        var openIds = ToAccept.Select(r => r.Id).ToList();
        Evidence = (await db.Objections.AsNoTracking().Where(o => openIds.Contains(o.Id)).SelectMany(o => o.Attachments).ToListAsync(ct))
            .Select(a => (a.ObjectionId, new EvidenceLink(EvidenceLink.ObjectionHref(a.Id), a.FileName, a.Size)))
            .ToLookup(x => x.Item1, x => x.Item2);
        History = await HistoryAsync(ct);
    }

    /// <summary>Objections and repair applications of every state, newest first, with each step (who, when, what, why) and the evidence.</summary>
    private async Task<IReadOnlyList<HistoryRow>> HistoryAsync(CancellationToken ct)
    {
        var q = (Q ?? "").Trim();
        var records = db.Records.AsNoTracking();
        if (q.Length > 0)
        {
            var code = q.ToUpperInvariant();
            records = records.Where(r => r.DocumentNumber == q || r.SubjectName.Contains(q) || db.Subjects.Any(s => s.Id == r.SubjectId && s.Code == code));
        }
        var objectionRows = await db.Objections.AsNoTracking().Include(o => o.Events).Include(o => o.Attachments)
            .Join(records, o => o.RecordId, r => r.Id, (o, r) => new { o, r.DocumentNumber, r.SubjectName, Unit = r.Unit.Name })
            .OrderByDescending(x => x.o.SubmittedAt).ThenBy(x => x.o.Id).Take(HistoryLimit).ToListAsync(ct);
        var repairRows = await db.RepairApplications.AsNoTracking().Include(a => a.Events).Include(a => a.Attachments)
            .Join(records, a => a.RecordId, r => r.Id, (a, r) => new { a, r.DocumentNumber, r.SubjectName, Unit = r.Unit.Name })
            .OrderByDescending(x => x.a.SubmittedAt).ThenBy(x => x.a.Id).Take(HistoryLimit).ToListAsync(ct);
        Evidence = Evidence.SelectMany(g => g.Select(l => (g.Key, l)))
            .Concat(objectionRows.SelectMany(x => x.o.Attachments.Select(a => (x.o.Id, new EvidenceLink(EvidenceLink.ObjectionHref(a.Id), a.FileName, a.Size)))))
            .Concat(repairRows.SelectMany(x => x.a.Attachments.Select(a => (x.a.Id, new EvidenceLink(EvidenceLink.RepairHref(a.Id), a.FileName, a.Size)))))
            .DistinctBy(x => x.Item2.Href).ToLookup(x => x.Item1, x => x.Item2);
        return objectionRows
            .Select(x => new HistoryRow(x.o.Id, "objection", x.DocumentNumber, x.SubjectName, x.Unit, UiCulture.Pick(x.o.Status.NameZh(), x.o.Status.NameEn()), x.o.SubmittedAt, x.o.Reason, x.o.TakenAtWindowBy,
                x.o.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new Step(e.At, e.ActorName, e.ActorRole, UiCulture.Pick(e.To.NameZh(), e.To.NameEn()), e.Note)).ToList()))
            .Concat(repairRows.Select(x => new HistoryRow(x.a.Id, "repair", x.DocumentNumber, x.SubjectName, x.Unit, UiCulture.Pick(x.a.Status.NameZh(), x.a.Status.NameEn()), x.a.SubmittedAt, x.a.Statement, null,
                x.a.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new Step(e.At, e.ActorName, e.ActorRole, UiCulture.Pick(e.To.NameZh(), e.To.NameEn()), e.Note)).ToList())))
            .OrderByDescending(r => r.SubmittedAt).Take(HistoryLimit).ToList();
    }

    private const int HistoryLimit = 50;

    public sealed record Row(Guid Id, string Kind, string DocumentNumber, string SubjectName, string Unit, string Status, DateOnly DueOn, string Text);
}
