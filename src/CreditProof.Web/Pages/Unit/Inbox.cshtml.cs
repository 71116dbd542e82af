using System.Globalization;
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
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Unit;

/// <summary>A unit's inbox: objections to verify and repair applications to decide, with due dates; overdue first.</summary>
[Authorize(Policy = Policies.Unit)]
public sealed class InboxModel(CreditProofDbContext db, ObjectionService objections, RepairService repairs, PlatformClock clock) : WorkflowPageModel
{
    public IReadOnlyList<Item> Objections { get; private set; } = [];

    public IReadOnlyList<Item> Repairs { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostDecideAsync(Guid id, ObjectionAction? decision, string reason, string? content, string? category, string? fineWanYuan, CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            // No decision is preselected: the unit must choose one, and a correction must say what changes.
            if (decision is not { } chosen)
                throw new WorkflowRefusedException("请选择核查决定：更正、删除或维持", "choose a decision: correct, delete or uphold the record");
            Action<ViolationRecord>? correction = null;
            if (chosen == ObjectionAction.Correct)
            {
                if (string.IsNullOrWhiteSpace(content) && string.IsNullOrWhiteSpace(category) && string.IsNullOrWhiteSpace(fineWanYuan))
                {
                    throw new WorkflowRefusedException("选择“更正”时须填写更正后的内容（处罚内容、类别或罚款金额至少一项）；无需更正请选择“维持”",
                        "to correct the record, give the corrected content (at least one of content, category or fine); choose to uphold it if nothing needs correcting");
                }

                long? fineFen = null;
                if (!string.IsNullOrWhiteSpace(fineWanYuan))
                {
                    if (!decimal.TryParse(fineWanYuan, NumberStyles.Number, CultureInfo.InvariantCulture, out var wan) || wan < 0 || decimal.Round(wan, 6) != wan)
                        throw new WorkflowRefusedException("罚款金额须为不小于0的万元数（最多6位小数）", "the fine must be a non-negative amount in 万元 with at most 6 decimals");
                    fineFen = (long)(wan * 1_000_000m);
                }

                correction = r =>
                {
                    if (!string.IsNullOrWhiteSpace(content))
                        r.Content = content.Trim();
                    if (!string.IsNullOrWhiteSpace(category))
                        r.Category = category.Trim();
                    if (fineFen is not null && r is PenaltyRecord p)
                        p.FineFen = fineFen;
                };
            }

            await objections.DecideAsync(User.ToActor(), id, chosen, reason, correction, ct);
        }, ct);

    public Task<IActionResult> OnPostRepairAsync(Guid id, RepairAction? decision, string reason, CancellationToken ct) =>
        RunStepAsync(() => decision is { } chosen
            ? repairs.DecideAsync(User.ToActor(), id, chosen, reason, ct)
            : throw new WorkflowRefusedException("请选择审核决定：准予修复或不予修复", "choose a decision: approve or refuse the repair"), ct);

    public ILookup<Guid, EvidenceLink> Evidence { get; private set; } = Array.Empty<(Guid, EvidenceLink)>().ToLookup(x => x.Item1, x => x.Item2);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var unitId = User.UnitIdOf();
        Today = clock.Today;
        var objectionFiles = await db.Objections.AsNoTracking().Where(o => o.UnitId == unitId && o.Status == ObjectionStatus.AwaitingSourceUnit)
            .SelectMany(o => o.Attachments).Select(a => new { Owner = a.ObjectionId, a.Id, a.FileName, a.Size }).ToListAsync(ct);
        var repairFiles = await db.RepairApplications.AsNoTracking().Where(a => a.UnitId == unitId && a.Status == RepairApplicationStatus.Submitted)
            .SelectMany(a => a.Attachments).Select(x => new { Owner = x.ApplicationId, x.Id, x.FileName, x.Size }).ToListAsync(ct);
        Evidence = objectionFiles.Select(f => (f.Owner, new EvidenceLink(EvidenceLink.ObjectionHref(f.Id), f.FileName, f.Size)))
            .Concat(repairFiles.Select(f => (f.Owner, new EvidenceLink(EvidenceLink.RepairHref(f.Id), f.FileName, f.Size))))
            .ToLookup(x => x.Item1, x => x.Item2);
        Objections = (await db.Objections.AsNoTracking()
                .Where(o => o.UnitId == unitId && o.Status == ObjectionStatus.AwaitingSourceUnit)
                .Join(db.Records, o => o.RecordId, r => r.Id, (o, r) => new { o.Id, r.DocumentNumber, r.SubjectName, o.Reason, o.UnitDueOn, r.Content })
                .ToListAsync(ct))
            .Select(x => new Item(x.Id, x.DocumentNumber, x.SubjectName, x.Reason, x.UnitDueOn!.Value, x.Content))
            .OrderBy(i => i.DueOn).ToList();
        Repairs = (await db.RepairApplications.AsNoTracking()
                .Where(a => a.UnitId == unitId && a.Status == RepairApplicationStatus.Submitted)
                .Join(db.Records, a => a.RecordId, r => r.Id, (a, r) => new { a.Id, r.DocumentNumber, r.SubjectName, a.Statement, a.DueOn, r.Content })
                .ToListAsync(ct))
            .Select(x => new Item(x.Id, x.DocumentNumber, x.SubjectName, x.Statement, x.DueOn, x.Content))
            .OrderBy(i => i.DueOn).ToList();
    }

    public sealed record Item(Guid Id, string DocumentNumber, string SubjectName, string Text, DateOnly DueOn, string? Content);
}
