using System.Globalization;
using System.Text;
using System.Text.Json;
using CreditProof.Audit;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Audit;

/// <summary>
/// The auditor's desk (审计): search the audit trail by actor, subject, action, outcome and time; view entries; export
/// them as CSV; the chain's status (sealed, pending, last signed checkpoint) with a check on demand; misuse alerts.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class IndexModel(CreditProofDbContext db, SubjectDirectory directory, PlatformClock clock, AuditSealer sealer) : PageModel
{
    public const int PageSize = 50;
    public const int ExportLimit = 100_000;

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Since { get; set; }

    [BindProperty(SupportsGet = true)]
    public AuditOutcome? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public IReadOnlyList<AuditAlert> Alerts { get; private set; } = [];

    public long Sealed { get; private set; }

    public int Pending { get; private set; }

    public AuditCheckpoint? LastCheckpoint { get; private set; }

    public AuditVerification? Verification { get; private set; }

    /// <summary>The chain check's result, carried to the GET its post redirects to (Post/Redirect/Get) and shown there once.</summary>
    [TempData]
    public string? VerificationJson { get; set; }

    public bool UnknownSubject { get; private set; }

    public PlatformClock Clock => clock;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (VerificationJson is { } json)
            Verification = JsonSerializer.Deserialize<AuditVerification>(json);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        await sealer.SealPendingAsync(db, ct);
        VerificationJson = JsonSerializer.Serialize(await AuditVerifier.VerifyAsync(db, nowUtc: clock.UtcNow, ct: ct));
        return Redirect(Request.PathBase + Request.Path);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter)
            return RedirectToPage();
        var csv = new MemoryStream();
        await using (var writer = new StreamWriter(csv, new UTF8Encoding(true), leaveOpen: true))
            await AuditTrail.WriteCsvAsync(db, filter, writer, ExportLimit, t => clock.Format(t), ct);
        csv.Position = 0;
        Response.Headers.CacheControl = "no-store";
        return File(csv, "text/csv; charset=utf-8", $"audit-{clock.Today:yyyyMMdd}.csv");
    }

    private async Task<AuditFilter?> FilterAsync(CancellationToken ct)
    {
        Guid? subjectId = null;
        if (Subject is { Length: > 0 } code)
        {
            subjectId = await directory.FindIdAsync(code, ct);
            if (subjectId is null)
            {
                UnknownSubject = true;
                return null;
            }

            AuditContext.Concerns(subjectId.Value);
        }

        return new AuditFilter(Actor, subjectId, Since is { } day ? clock.StartOfDayUtc(day) : null, Action: Action, Outcome: Outcome);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sealed = await db.AuditChain.LongCountAsync(ct);
        // Every link names a distinct entry (unique index), so the difference of two counts is the unsealed entries,
        // without an anti-join over the whole trail on each page view.
        Pending = (int)Math.Max(0, await db.AuditEntries.LongCountAsync(ct) - Sealed);
        LastCheckpoint = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        Alerts = await db.AuditAlerts.AsNoTracking().OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
        if (await FilterAsync(ct) is not { } filter)
            return;
        var query = AuditTrail.Query(db, filter);
        if (Before is { } before)
            query = query.Where(e => e.Id < before);
        Entries = await query.Take(PageSize).ToListAsync(ct);
    }

    public string Query(long? before = null) => string.Join('&', new[]
    {
        Param("actor", Actor), Param("subject", Subject), Param("action", Action), Param("since", Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Param("outcome", Outcome?.ToString()), Param("before", before?.ToString(CultureInfo.InvariantCulture)),
    }.Where(p => p is not null));

    private static string? Param(string name, string? value) => string.IsNullOrEmpty(value) ? null : name + "=" + Uri.EscapeDataString(value);
}
