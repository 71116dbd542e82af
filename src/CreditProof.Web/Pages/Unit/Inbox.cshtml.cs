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

    public Task<IActionResult> OnPostDecideAsync(Guid id, ObjectionAction decision, string reason, string? content, string? category, string? fineWanYuan, CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            Action<ViolationRecord>? correction = null;
            if (decision == ObjectionAction.Correct)
            {
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

            await objections.DecideAsync(User.ToActor(), id, decision, reason, correction, ct);
        }, ct);

    public Task<IActionResult> OnPostRepairAsync(Guid id, RepairAction decision, string reason, CancellationToken ct) =>
        RunStepAsync(() => repairs.DecideAsync(User.ToActor(), id, decision, reason, ct), ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var unitId = User.UnitIdOf();
        Today = clock.Today;
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
