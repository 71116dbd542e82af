using CreditProof.Notifications;

namespace CreditProof.Workflows;

/// <summary>A workflow step with a deadline in working days that escalates to the operators once when it is missed.</summary>
public interface IDueStep
{
    /// <summary>When the missed deadline was escalated; null until then.</summary>
    DateTime? EscalatedAt { get; set; }

    /// <summary>The due date of the step the item waits in, or null when it waits for nobody.</summary>
    DateOnly? CurrentDueOn { get; }
}

/// <summary>
/// The one escalation of missed deadlines, for objections and requests for explanation alike: each open item past its
/// due date is marked and the operators are told, once per item. The caller saves (one unit of work with the marks).
/// </summary>
public static class OverdueEscalation
{
    /// <summary>The one rule: an item is overdue from the day after its current step's due date.</summary>
    public static bool IsOverdue(this IDueStep item, DateOnly today) => item.CurrentDueOn is { } due && today > due;

    public static async Task<int> EscalateAsync<T>(IEnumerable<T> open, DateOnly today, DateTime now, Notifier notifier,
        Func<T, ((string Zh, string En) Title, (string Zh, string En) Body, string Link)> message, CancellationToken ct)
        where T : IDueStep
    {
        var escalated = 0;
        foreach (var item in open.Where(i => i.EscalatedAt is null && i.IsOverdue(today)))
        {
            item.EscalatedAt = now;
            var (title, body, link) = message(item);
            await notifier.NotifyAsync(RecipientKind.Operators, "", title, body, link, ct);
            escalated++;
        }

        return escalated;
    }
}
