using CreditProof.Reports.Lifecycle;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Verification;

/// <summary>
/// Every couple of seconds (and once at start, so changes a crashed process committed are applied before anything is
/// verified): derives report statuses from pending changes (<see cref="ReportLifecycle"/>), re-reads changed statuses
/// into the in-memory status list, writes queued report accesses and seals new audit entries into the chain. Flushes the access log once more on shutdown.
/// Safe on several nodes at once: the lifecycle writes a status only where it differs.
/// </summary>
internal sealed class VerificationBackground(IServiceScopeFactory scopes, ReportLifecycle lifecycle, ReportStatusCache statuses, AccessLog log, Audit.AuditSealer audit,
    IOptions<VerificationOptions> options, ILogger<VerificationBackground> logger) : BackgroundService
{
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
        await RunOnceAsync(cancellationToken);
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            await lifecycle.ApplyPendingAsync(db, ct);
            await statuses.RefreshAsync(db, ct);
            await log.FlushAsync(db, ct);
            await audit.SealPendingAsync(db, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next round retries; verification keeps answering from the last list meanwhile.
            logger.LogError(e, "Deriving or refreshing report statuses, or writing the access log, failed");
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
