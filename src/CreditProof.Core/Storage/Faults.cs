namespace CreditProof.Storage;

/// <summary>
/// Named points where a fault test kills the process on purpose (<c>CREDITPROOF_FAULT_AT=name</c>), to prove that a
/// crash there loses nothing and leaves nothing half-written. Without that variable, reaching a point does nothing.
/// </summary>
public static class Faults
{
    /// <summary>A change has committed; the report statuses it implies are not derived yet.</summary>
    public const string AfterChangeCommitted = "after-change-committed";

    /// <summary>Report statuses are written and their change entries deleted, but not yet committed.</summary>
    public const string BeforeLifecycleCommit = "before-lifecycle-commit";

    /// <summary>A report's PDF is in the store; its row is not committed yet (the file must stay an orphan, never the row lack its file).</summary>
    public const string AfterPdfStored = "after-pdf-stored";

    private static readonly string? Armed = Environment.GetEnvironmentVariable("CREDITPROOF_FAULT_AT");

    public static void Reach(string point)
    {
        if (Armed is not null && string.Equals(Armed, point, StringComparison.Ordinal))
            Environment.FailFast($"fault injected at {point}");
    }
}
