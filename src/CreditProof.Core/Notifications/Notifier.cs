using CreditProof.Storage;
using Microsoft.Extensions.Logging;

namespace CreditProof.Notifications;

/// <summary>An outside channel (e-mail, SMS). The default only logs; a real gateway plugs in here.</summary>
public interface INotificationChannel
{
    Task SendAsync(Notification notification, CancellationToken ct);
}

/// <summary>Writes the message to the in-app inbox (in the caller's unit of work) and hands it to the outside channel.</summary>
public sealed class Notifier(CreditProofDbContext db, INotificationChannel channel, TimeProvider time)
{
    public async Task NotifyAsync(RecipientKind kind, string recipientId, (string Zh, string En) title, (string Zh, string En) body, string? link, CancellationToken ct)
    {
        var notification = new Notification
        {
            RecipientKind = kind,
            RecipientId = recipientId,
            TitleZh = title.Zh,
            TitleEn = title.En,
            BodyZh = body.Zh,
            BodyEn = body.En,
            Link = link,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Notifications.Add(notification);
        await channel.SendAsync(notification, ct);
    }
}

/// <summary>The default outside channel: a log line per message, with personal ID numbers masked.</summary>
public sealed class LogOnlyNotificationChannel(ILogger<LogOnlyNotificationChannel> logger) : INotificationChannel
{
    public Task SendAsync(Notification notification, CancellationToken ct)
    {
        logger.LogInformation("Notification to {Kind} {Recipient}: {Title}", notification.RecipientKind, notification.RecipientId,
            Identifiers.ResidentId.MaskAll(notification.TitleZh));
        return Task.CompletedTask;
    }
}
