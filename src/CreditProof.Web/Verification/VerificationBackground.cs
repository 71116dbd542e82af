using CreditProof.Reports.Lifecycle;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Transparency;
using CreditProof.Verification;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Verification;

/// <summary>
/// Every couple of seconds (and once at start, so changes a crashed process committed are applied before anything is
/// verified): appends newly issued reports to the transparency log and signs its new head (<see cref="TransparencyLog"/>), derives report statuses from pending changes (<see cref="ReportLifecycle"/>), re-reads changed statuses
/// into the in-memory status list, retires the register notes held when the register changed (<see cref="RegisterNoteCache"/>), writes queued report accesses, folds new counts into the statistics (<see cref="Statistics.StatsFold"/>) and seals new audit entries into the chain. Flushes the access log once more on shutdown.
/// On several nodes the shared writes run on one node at a time (a PostgreSQL advisory lock, <see cref="ClusterLock"/>; the
/// others skip them that round), and would still be safe without it: the lifecycle writes a status only where it differs,
/// and two sequencers (of the log or of the audit chain) conflict on unique keys and retry instead of forking.
/// </summary>
internal sealed class VerificationBackground(IServiceScopeFactory scopes, TransparencyLog transparency, ReportLifecycle lifecycle, ReportStatusCache statuses, RegisterNoteCache registerNotes, AccessLog log, Audit.AuditSealer audit, Statistics.StatsFold stats,
    IOptions<VerificationOptions> options, ILogger<VerificationBackground> logger) : BackgroundService
{
    private volatile bool _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RefreshSeconds)));
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _stopping = true;
        await RunOnceAsync(cancellationToken);
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            // The shared writes run on one node at a time (the others skip the round); every node refreshes its own
            // status list and writes its own queued accesses.
            await using var round = await ClusterLock.TryAcquireAsync(db, ClusterLock.BackgroundRound, ct);
            if (round.Acquired)
            {
                await SequenceAsync(db, ct);
                await lifecycle.ApplyPendingAsync(db, ct);
            }

            // Status list reads may go to the standby: a change reaches it within its replay lag (docs/scaling.md).
            var reads = scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>().Context;
            await statuses.RefreshAsync(reads, ct);
            await registerNotes.RefreshAsync(reads, ct);
            await log.FlushAsync(db, ct);
            if (round.Acquired)
            {
                await stats.FoldPendingAsync(db, ct);
                await audit.SealPendingAsync(db, ct);
                await RateCounters.PruneAsync(db, DateTimeOffset.UtcNow, ct);
            }
        }
        catch (ObjectDisposedException) when (_stopping)
        {
            // The host disposed its services before this last round: the next start does what is left.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next round retries; verification keeps answering from the last list meanwhile.
            logger.LogError(e, "Deriving or refreshing report statuses, or writing the access log, failed");
        }
    }

    /// <summary>Apart from the rest: a log that cannot be appended to (no signing key) must not stop statuses.</summary>
    private async Task SequenceAsync(CreditProofDbContext db, CancellationToken ct)
    {
        try
        {
            await transparency.SequenceAsync(db, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            logger.LogError(e, "Appending issued reports to the transparency log failed; the next round retries");
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
