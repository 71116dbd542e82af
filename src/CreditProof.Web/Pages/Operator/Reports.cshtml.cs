using System.Globalization;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// Report search in the console (by number, subject code or name, issue date) and revocation with a reason and a
/// confirmation: the same use case as <c>creditproof report revoke</c> (<see cref="ReportRevocation"/>).
/// </summary>
[Authorize(Policy = Policies.Operator)]
public sealed class ReportsModel(CreditProofDbContext db, ReportStatusCache statuses, PlatformClock clock, ILogger<ReportsModel> logger) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public IReadOnlyList<Row> Reports { get; private set; } = [];

    public bool Searched { get; private set; }

    public sealed record Row(string Number, string SubjectName, string SubjectDisplayCode, DateTime IssuedAt, DateTime ExpiresAt, ReportStatus Status, string? StatusReason, string RequestedBy);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = (Q ?? "").Trim();
        Searched = q.Length > 0 || From is not null || To is not null;
        if (!Searched)
            return;
        var query = db.IssuedReports.AsNoTracking();
        if (q.Length > 0)
        {
            var number = ReportNumbers.ParseNumber(q);
            var code = q.ToUpperInvariant();
            query = number is not null
                ? query.Where(r => r.Number == number)
                : query.Where(r => r.SubjectDisplayCode == code || r.SubjectName.Contains(q));
        }

        var offset = clock.Offset;
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - offset;
            query = query.Where(r => r.IssuedAt >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - offset;
            query = query.Where(r => r.IssuedAt < end);
        }

        Reports = await query.OrderByDescending(r => r.IssuedAt).ThenBy(r => r.Number).Take(PageSize)
            .Select(r => new Row(r.Number, r.SubjectName, r.SubjectDisplayCode, r.IssuedAt, r.ExpiresAt, r.Status, r.StatusReason, r.RequestedBy))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string number, string? reason, bool confirm, CancellationToken ct)
    {
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(reason))
            Error = chinese ? "撤销报告须说明理由" : "a revocation needs a reason";
        else if (!confirm)
            Error = chinese ? "请勾选确认：撤销不可恢复，核验方将看到撤销及理由" : "tick the confirmation: a revocation is final, and verifiers see it with the reason";
        else if (ReportNumbers.ParseNumber(number) is null || !await ReportRevocation.RevokeAsync(db, number, reason, "operator:" + User.StaffUserName(), clock.UtcNow, ct))
            Error = chinese ? "未找到该报告，或报告已被撤销" : "no such report, or it is revoked already";
        else
        {
            logger.LogInformation("Report {Number} revoked by {Operator} in the console: {Reason}", number, User.StaffUserName(), reason);
            await statuses.RefreshAsync(db, ct);
            Message = "ReportRevoked";
        }

        return RedirectToPage(new { q = ReportNumbers.ParseNumber(number) ?? Q });
    }
}
