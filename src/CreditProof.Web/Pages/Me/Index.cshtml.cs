using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Me;

/// <summary>我的信用: the signed-in subject, and its records by domain with their status.</summary>
[Authorize(Policy = Policies.Subject)]
public sealed class IndexModel(CreditProofDbContext db) : PageModel
{
    public string Name { get; private set; } = "";

    public string DisplayCode { get; private set; } = "";

    public string TypeZh { get; private set; } = "";

    public IReadOnlyList<DomainRecords> Domains { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var subjectId = User.SubjectIdOf();
        var subject = subjectId is null ? null : await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subjectId, ct);
        if (subject is null)
            return Forbid();
        (Name, DisplayCode, TypeZh) = (subject.Name, subject.DisplayCode, UiCulture.Pick(Identifiers.SubjectTypes.NameZh(subject.Type), Identifiers.SubjectTypes.NameEn(subject.Type)));

        var underObjection = await db.Objections
            .Where(o => o.SubjectId == subject.Id && Objection.OpenStatuses.Contains(o.Status))
            .Select(o => o.RecordId).ToListAsync(ct);
        var rows = await db.Records.AsNoTracking()
            .Where(r => r.SubjectId == subject.Id && r.Status == LegalStatus.Effective)
            .OrderByDescending(r => r.DecisionDate)
            .Select(r => new { r.Id, r.Type, r.DocumentNumber, r.DecisionDate, r.RepairStatus, r.RepairedOn, Domain = r.Unit.Domain.NameZh, DomainEn = r.Unit.Domain.NameEn, Order = r.Unit.Domain.SortOrder, Unit = r.Unit.Name })
            .ToListAsync(ct);
        Domains = rows.GroupBy(r => (r.Domain, r.DomainEn, r.Order)).OrderBy(g => g.Key.Order)
            .Select(g => new DomainRecords(g.Key.Domain, g.Key.DomainEn, g.Select(r => new RecordRow(
                r.Id, UiCulture.Pick(r.Type.NameZh(), r.Type.NameEn()), r.DocumentNumber, r.DecisionDate, r.Unit,
                underObjection.Contains(r.Id) ? RecordBadge.UnderObjection : r.RepairStatus == RepairStatus.Repaired ? RecordBadge.Repaired : RecordBadge.Effective,
                r.RepairedOn)).ToList()))
            .ToList();
        return Page();
    }

    public sealed record DomainRecords(string NameZh, string NameEn, IReadOnlyList<RecordRow> Records);

    public sealed record RecordRow(Guid Id, string TypeZh, string DocumentNumber, DateOnly DecisionDate, string Unit, RecordBadge Badge, DateOnly? RepairedOn);

    public enum RecordBadge
    {
        Effective = 1,
        Repaired = 2,
        UnderObjection = 3,
    }
}
