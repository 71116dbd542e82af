using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Pages.Operator;

/// <summary>What the database holds, counted: useful to see the demo data (or a production load) at a glance.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class DemoModel(CreditProofDbContext db, DatabaseSettings settings, IOptions<PlatformOptions> options) : PageModel
{
    public bool IsDemo { get; private set; }

    public IReadOnlyList<(string Key, int Count)> Counts { get; private set; } = [];

    public IReadOnlyList<(RecordType Type, int Count)> RecordsByType { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsDemo = DatabaseStartup.IsDemo(settings, options.Value);
        Counts =
        [
            ("Subjects", await db.Subjects.CountAsync(ct)),
            ("Units", await db.Units.CountAsync(ct)),
            ("Domains", await db.Domains.CountAsync(ct)),
            ("Records", await db.Records.CountAsync(ct)),
            ("CountBatches", await db.Batches.CountAsync(ct)),
            ("CountReports", await db.IssuedReports.CountAsync(ct)),
            ("CountObjections", await db.Objections.CountAsync(ct)),
            ("CountRepairs", await db.RepairApplications.CountAsync(ct)),
            ("CountCommitments", await db.Commitments.CountAsync(ct)),
            ("CountStaff", await db.StaffAccounts.CountAsync(ct)),
            ("CountApiKeys", await db.UnitApiKeys.CountAsync(k => k.RevokedAt == null, ct)),
        ];
        RecordsByType = (await db.Records.GroupBy(r => r.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(x => x.Key).Select(x => (x.Key, x.Count)).ToList();
    }
}
