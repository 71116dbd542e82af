namespace CreditProof.Audit;

/// <summary>Who acts: a staff member, a subject, an API key, the CLI's operating-system user, or the system.</summary>
public sealed record AuditActor(string Name, string Role, string? Client = null)
{
    public static readonly AuditActor System = new("system", "system");

    public static readonly AuditActor Anonymous = new("anonymous", "anonymous");
}

/// <summary>
/// The action in progress on this logical call path (one web request, one CLI command). Hosts begin it once, in one
/// place (the web's audit middleware, the CLI's entry point); <see cref="AuditCapture"/> reads it when data changes, so
/// no use case passes an actor down or remembers to write an entry.
/// </summary>
public sealed class AuditScope
{
    private readonly Func<AuditActor> _actor;

    internal AuditScope(Func<AuditActor> actor, string action)
    {
        _actor = actor;
        Action = action;
    }

    /// <summary>Resolved when needed: on the web the API-key principal exists only once authorisation has run.</summary>
    public AuditActor Actor => _actor();

    public string Action { get; }

    /// <summary>The subject whose data this action reads or changes, when a page or endpoint knows it.</summary>
    public Guid? SubjectId { get; set; }

    /// <summary>What the action is about, beyond the route (e.g. the record or report number), masked on storage.</summary>
    public string? ObjectId { get; set; }

    /// <summary>Set when a data change of this action was recorded, so the host does not write a second entry for it.</summary>
    public bool ChangeRecorded { get; internal set; }
}

public static class AuditContext
{
    private static readonly AsyncLocal<AuditScope?> CurrentScope = new();

    public static AuditScope? Current => CurrentScope.Value;

    /// <summary>Begins an action for the rest of this call path; disposing ends it.</summary>
    public static IDisposable Begin(Func<AuditActor> actor, string action)
    {
        var previous = CurrentScope.Value;
        CurrentScope.Value = new AuditScope(actor, action);
        return new End(previous);
    }

    public static IDisposable Begin(AuditActor actor, string action) => Begin(() => actor, action);

    /// <summary>Names the subject the current action concerns (no effect outside an action).</summary>
    public static void Concerns(Guid subjectId)
    {
        if (Current is { } scope)
            scope.SubjectId = subjectId;
    }

    private sealed class End(AuditScope? previous) : IDisposable
    {
        public void Dispose() => CurrentScope.Value = previous;
    }
}
