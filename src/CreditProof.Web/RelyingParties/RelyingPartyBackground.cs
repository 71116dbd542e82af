using CreditProof.Notifications;
using CreditProof.RelyingParties;
using CreditProof.Storage;
using CreditProof.Web.Verification;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.RelyingParties;

/// <summary>
/// The relying parties' background round, as often as the verification round: turns report status changes on consented
/// grants into change notices (<see cref="ChangeWatch"/>) and posts due webhook deliveries, retrying with backoff
/// (<see cref="WebhookSender"/>). Both are safe on several nodes at once (conditional updates and leases).
/// </summary>
internal sealed class RelyingPartyBackground(IServiceScopeFactory scopes, ChangeWatch watch, WebhookSender sender, IOptions<VerificationOptions> options,
    ILogger<RelyingPartyBackground> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RefreshSeconds)));
        try
        {
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
                    await watch.RunAsync(db, scope.ServiceProvider.GetRequiredService<Notifier>(), stoppingToken);
                    db.ChangeTracker.Clear();
                    await sender.DeliverDueAsync(db, scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>(), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Change notices or webhook deliveries failed; the next round retries");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
