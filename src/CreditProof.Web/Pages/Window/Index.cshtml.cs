using CreditProof.Identifiers;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Window;

/// <summary>The service window's desk (政务服务窗口): find the subject standing at the counter, and the reports issued here.</summary>
[Authorize(Policy = Policies.Window)]
public sealed class IndexModel(CreditProofDbContext db, ReportSummaries reports) : PageModel
{
    public const int MaxResults = 20;

    public string? Query { get; private set; }

    public IReadOnlyList<Found> Results { get; private set; } = [];

    public bool TooShort { get; private set; }

    public IReadOnlyList<ReportSummary> Recent { get; private set; } = [];

    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        Query = q?.Trim();
        if (!string.IsNullOrEmpty(Query))
        {
            if (Query.Length < 2)
                TooShort = true;
            else
                Results = await FindAsync(Query, ct);
        }

        Recent = await reports.ListAsync(ReportSummaries.IssuedByWindowStaff(User.StaffUserName()), 20, ct);
    }

    /// <summary>By full credit code or ID number (exact), otherwise by part of the name. ID numbers are shown masked.</summary>
    private async Task<IReadOnlyList<Found>> FindAsync(string query, CancellationToken ct)
    {
        var code = query.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var subjects = code.Length == 18
            ? db.Subjects.AsNoTracking().Where(s => s.Code == code)
            : db.Subjects.AsNoTracking().Where(s => s.Name.Contains(query)).OrderBy(s => s.Name.Length).ThenBy(s => s.Name);
        var rows = await subjects.Take(MaxResults).Select(s => new { s.Id, s.Name, s.Code, s.Type }).ToListAsync(ct);
        return rows.Select(s => new Found(s.Id, s.Name, s.Type == SubjectType.NaturalPerson ? ResidentId.Mask(s.Code) : s.Code, s.Type.NameZh())).ToList();
    }

    public sealed record Found(Guid Id, string Name, string DisplayCode, string TypeZh);
}
