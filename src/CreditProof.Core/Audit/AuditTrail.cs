using CreditProof.Identifiers;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Audit;

/// <summary>An action that changed no data but is audited all the same: a read of a subject's data, a sign-in, an export, a refusal.</summary>
public sealed record AuditEvent(AuditActor Actor, string Action, AuditOutcome Outcome, string? ObjectType = null, string? ObjectId = null, Guid? SubjectId = null, string? Detail = null);

public sealed record AuditFilter(string? Actor = null, Guid? SubjectId = null, DateTime? SinceUtc = null, DateTime? UntilUtc = null, string? Action = null, AuditOutcome? Outcome = null);

/// <summary>Appends entries that no data change carries (<see cref="AuditCapture"/> writes those), and reads the trail for the auditor.</summary>
public sealed class AuditTrail(TimeProvider time)
{
    /// <summary>Appends at once, in its own short transaction on a context of its own (nothing else pending is saved with it).</summary>
    public async Task AppendAsync(CreditProofDbContext db, AuditEvent e, CancellationToken ct = default)
    {
        db.AuditEntries.Add(Entry(e, time));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The one way an entry is made (here and by <see cref="AuditCapture"/>): ID numbers masked in every text, each text
    /// cut to its column, the time at the precision both databases store exactly (the chain hashes what is stored).
    /// </summary>
    public static AuditEntry Entry(AuditEvent e, TimeProvider time) => new()
    {
        At = AuditHash.Stored(time.GetUtcNow().UtcDateTime),
        Actor = Fit(ResidentId.MaskAll(e.Actor.Name), 200)!,
        Role = Fit(e.Actor.Role, 40)!,
        Action = Fit(ResidentId.MaskAll(e.Action), 200)!,
        ObjectType = Fit(e.ObjectType, 80),
        ObjectId = Fit(e.ObjectId is null ? null : ResidentId.MaskAll(e.ObjectId), 200),
        SubjectId = e.SubjectId,
        Client = Fit(e.Actor.Client, 64),
        Outcome = e.Outcome,
        Detail = Fit(e.Detail is null ? null : ResidentId.MaskAll(e.Detail), 2000),
    };

    private static string? Typed(string? value, int length)
    {
        var text = value?.Replace("\0", "", StringComparison.Ordinal).Trim();
        return string.IsNullOrEmpty(text) ? null : text.Length > length ? text[..length] : text;
    }

    private static string? Fit(string? value, int length) => value is null || value.Length <= length ? value : value[..(length - 1)] + "…";

    /// <summary>Entries matching the filter, newest first.</summary>
    public static IQueryable<AuditEntry> Query(CreditProofDbContext db, AuditFilter f)
    {
        var q = db.AuditEntries.AsNoTracking();
        // Typed filters: no NUL (PostgreSQL refuses it in text), no more than a column holds.
        var actor = Typed(f.Actor, 200);
        var action = Typed(f.Action, 200);
        if (actor is not null)
            q = q.Where(e => e.Actor == actor);
        if (f.SubjectId is { } subject)
            q = q.Where(e => e.SubjectId == subject);
        if (f.SinceUtc is { } since)
            q = q.Where(e => e.At >= since);
        if (f.UntilUtc is { } until)
            q = q.Where(e => e.At < until);
        if (action is not null)
            q = q.Where(e => e.Action.StartsWith(action));
        if (f.Outcome is { } outcome)
            q = q.Where(e => e.Outcome == outcome);
        return q.OrderByDescending(e => e.Id);
    }

    /// <summary>The CSV an auditor exports (formula-safe, UTF-8 with BOM for spreadsheets), up to <paramref name="limit"/> rows.</summary>
    public static async Task WriteCsvAsync(CreditProofDbContext db, AuditFilter filter, TextWriter writer, int limit, Func<DateTime, string> format, CancellationToken ct = default)
    {
        var csv = new Platform.SpreadsheetCsv(writer);
        csv.WriteRow(["id", "time", "actor", "role", "action", "object_type", "object_id", "subject_id", "client", "outcome", "detail"]);
        await foreach (var e in Query(db, filter).Take(limit).AsAsyncEnumerable().WithCancellation(ct))
            csv.WriteRow([e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), format(e.At), e.Actor, e.Role, e.Action, e.ObjectType, e.ObjectId,
                e.SubjectId?.ToString("D"), e.Client, e.Outcome.ToString(), e.Detail]);
    }
}
