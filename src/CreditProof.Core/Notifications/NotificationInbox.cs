using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Notifications;

/// <summary>
/// One recipient's in-app inbox (站内信): a subject's or a unit's. Every read and write names the recipient, so a
/// message of another recipient is never listed or marked, whatever id is sent.
/// </summary>
public sealed class NotificationInbox(CreditProofDbContext db, TimeProvider time)
{
    public const int PageSize = 50;

    public async Task<IReadOnlyList<Notification>> ListAsync(RecipientKind kind, string recipientId, int take = PageSize, CancellationToken ct = default) =>
        await Of(kind, recipientId).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(ct);

    public Task<int> UnreadAsync(RecipientKind kind, string recipientId, CancellationToken ct = default) =>
        Of(kind, recipientId).CountAsync(n => n.ReadAt == null, ct);

    /// <summary>Marks one message (or, with no id, all of them) read; returns how many changed.</summary>
    public Task<int> MarkReadAsync(RecipientKind kind, string recipientId, long? id, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var unread = db.Notifications.Where(n => n.RecipientKind == kind && n.RecipientId == recipientId && n.ReadAt == null);
        if (id is { } one)
            unread = unread.Where(n => n.Id == one);
        return unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    private IQueryable<Notification> Of(RecipientKind kind, string recipientId) =>
        db.Notifications.AsNoTracking().Where(n => n.RecipientKind == kind && n.RecipientId == recipientId);
}
