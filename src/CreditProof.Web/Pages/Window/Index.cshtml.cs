using CreditProof.Identifiers;
using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using CreditProof.Web.Reports;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Window;

/// <summary>The service window's desk (政务服务窗口): find the subject standing at the counter, and the reports issued here.</summary>
[Authorize(Policy = Policies.Window)]
public sealed class IndexModel(SubjectDirectory directory, ReportSummaries reports) : PageModel
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

    /// <summary>By a full or the start of a credit code, a full ID number, or the start of the name (index-backed). ID numbers are shown masked.</summary>
    private async Task<IReadOnlyList<Found>> FindAsync(string query, CancellationToken ct)
    {
        var hits = await directory.SearchAsync(query, MaxResults, ct: ct);
        return hits.Select(s => new Found(s.Id, s.Name, s.DisplayCode, UiCulture.Pick(s.Type.NameZh(), s.Type.NameEn()))).ToList();
    }

    public sealed record Found(Guid Id, string Name, string DisplayCode, string TypeZh);
}
