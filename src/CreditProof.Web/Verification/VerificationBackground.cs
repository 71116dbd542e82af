using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Verification;

/// <summary>
/// Every couple of seconds: re-reads changed report statuses into the in-memory status list and writes queued report
/// accesses. Flushes the access log once more on shutdown.
/// </summary>
internal sealed class VerificationBackground(IServiceScopeFactory scopes, ReportStatusCache statuses, AccessLog log,
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
            await statuses.RefreshAsync(db, ct);
            await log.FlushAsync(db, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next round retries; verification keeps answering from the last list meanwhile.
            logger.LogError(e, "Refreshing report statuses or writing the access log failed");
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
