using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Transparency;

/// <summary>
/// Queues every issued report for the transparency log in the transaction that inserts it: a <c>SaveChanges</c>
/// interceptor installed on every context (<see cref="Storage.CreditProofDatabase.Configure"/>), so no issuer can
/// forget it and no report commits without its queue entry. The sequencer (<see cref="TransparencyLog"/>) gives it a leaf.
/// </summary>
public sealed class TransparencyCapture(TimeProvider time) : Storage.BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var tracker = context.ChangeTracker;
        if (tracker.AutoDetectChangesEnabled)
            tracker.DetectChanges();
        List<TransparencyQueueEntry>? entries = null;
        foreach (var entry in tracker.Entries<IssuedReport>())
        {
            if (entry.State != EntityState.Added)
                continue;
            var report = entry.Entity;
            (entries ??= []).Add(new TransparencyQueueEntry
            {
                ReportId = report.Id,
                ReportNumber = report.Number,
                LeafHash = LogEntry.LeafHash(report),
                QueuedAt = time.GetUtcNow().UtcDateTime,
            });
        }

        if (entries is not null)
            context.AddRange(entries);
    }
}
