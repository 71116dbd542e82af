using CreditProof.Notifications;
using CreditProof.Web.Hosting;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Inbox;

/// <summary>
/// The signed-in subject's or unit's messages (站内信): newest first, unread marked, each readable and markable; the
/// header shows the unread count. A subject is told here of every new record about it, with how to object and from
/// when repair may be applied for.
/// </summary>
[Authorize(Policy = Policies.Inbox)]
public sealed class IndexModel(NotificationInbox inbox) : PageModel
{
    public IReadOnlyList<Notification> Messages { get; private set; } = [];

    public RecipientKind Kind { get; private set; }

    public int Unread { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.InboxOf() is not { } recipient)
            return Forbid();
        Kind = recipient.Kind;
        Messages = await inbox.ListAsync(recipient.Kind, recipient.Id, ct: ct);
        Unread = Messages.Count(m => m.ReadAt is null);
        return Page();
    }

    /// <summary>Marks one message read (or all, without an id): only the caller's own.</summary>
    public async Task<IActionResult> OnPostReadAsync(long? id, CancellationToken ct)
    {
        if (User.InboxOf() is not { } recipient)
            return Forbid();
        await inbox.MarkReadAsync(recipient.Kind, recipient.Id, id, ct);
        return RedirectToPage();
    }
}
