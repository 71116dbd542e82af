using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Repairs;
using CreditProof.Storage;

namespace CreditProof.Web.Workflows;

/// <summary>
/// Every hour (first one hour after start): escalates overdue objection steps and requests for explanation to the operators and stops publicity of records whose maximum publicity
/// period has passed. One node at a time runs it (<see cref="ClusterLock"/>); both steps are idempotent besides.
/// </summary>
internal sealed class WorkflowBackground(IServiceScopeFactory scopes, PlatformClock clock, IConfiguration configuration, ILogger<WorkflowBackground> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // CreditProof:Workflows:IntervalMinutes (default 60; 0 switches the job off).
        var minutes = configuration.GetValue("CreditProof:Workflows:IntervalMinutes", 60);
        if (minutes <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // One node runs it; the others skip this interval (ClusterLock).
                await using var run = await ClusterLock.TryAcquireAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), ClusterLock.Workflows, stoppingToken);
                if (!run.Acquired)
                    continue;
                var escalated = await scope.ServiceProvider.GetRequiredService<ObjectionService>().EscalateOverdueAsync(stoppingToken)
                    + await scope.ServiceProvider.GetRequiredService<CreditProof.RelyingParties.Explanations>().EscalateOverdueAsync(stoppingToken);
                var ended = await PublicityExpiry.EndDueAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(),
                    clock.Today, clock.UtcNow, stoppingToken);
                if (escalated + ended > 0)
                    logger.LogInformation("Workflows: {Escalated} objections and requests for explanation escalated, publicity ended for {Ended} records", escalated, ended);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The workflow run failed; it runs again at the next interval");
            }
        }
    }
}
