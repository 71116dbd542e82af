using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CreditProof.Audit;

/// <summary>
/// Appends one <see cref="AuditEntry"/> to every <c>SaveChanges</c> that changes data, in the same transaction, naming
/// the actor and action of the current <see cref="AuditScope"/> (or <c>system</c>) and summarising what changed: a
/// change cannot commit without its entry, and no use case has to remember to write one. Also refuses, before anything
/// reaches the database, any update or delete of the audit trail itself (the database's triggers refuse it again).
/// </summary>
public sealed class AuditCapture(TimeProvider time) : Storage.BeforeSaveInterceptor
{
    /// <summary>The trail's own tables: append-only.</summary>
    public static readonly IReadOnlySet<Type> TrailTypes = new HashSet<Type> { typeof(AuditEntry), typeof(AuditLink), typeof(AuditCheckpoint), typeof(AuditAlert) };

    /// <summary>Writes that are not anyone's action on data, and why they get no entry of their own.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotAudited = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ReportChange"] = "derived in the same SaveChanges as the change it follows, which is audited",
        ["ReportAccess"] = "the access log is itself a log of who verified or viewed a report",
        ["SequenceCounter"] = "allocated with the report it numbers, which is audited",
        ["StatDelta"] = "a count for the statistics, written in the same SaveChanges as the change it counts, which is audited",
        ["DailyStat"] = "the statistics' counts, folded from their deltas by the background round",
    };

    protected override void BeforeSave(DbContext context)
    {
        var changed = new List<EntityEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            var type = entry.Metadata.ClrType;
            if (TrailTypes.Contains(type))
            {
                if (entry.State != EntityState.Added)
                    throw new InvalidOperationException($"The audit trail is append-only: {entry.State} of {type.Name} refused. 审计日志只允许追加，不允许修改或删除。");
                continue;
            }

            if (!NotAudited.ContainsKey(type.Name))
                changed.Add(entry);
        }

        if (changed.Count == 0)
            return;
        var scope = AuditContext.Current;
        var actor = scope?.Actor ?? AuditActor.System;
        var first = changed[0];
        context.Add(AuditTrail.Entry(new AuditEvent(actor, scope?.Action ?? "change", AuditOutcome.Succeeded, first.Metadata.ClrType.Name,
            scope?.ObjectId ?? KeyOf(first), scope?.SubjectId ?? changed.Select(SubjectOf).FirstOrDefault(s => s is not null), Summary(changed)), time));
        if (scope is not null)
            scope.ChangeRecorded = true;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
            return "";
        return string.Join("/", key.Properties.Select(p => entry.Property(p.Name) is { IsTemporary: true } ? "new" : entry.Property(p.Name).CurrentValue?.ToString() ?? ""));
    }

    private static Guid? SubjectOf(EntityEntry entry) =>
        entry.Metadata.FindProperty("SubjectId") is { ClrType: var t } && (t == typeof(Guid) || t == typeof(Guid?))
            ? entry.Property("SubjectId").CurrentValue as Guid?
            : entry.Metadata.ClrType == typeof(Subjects.Subject) ? (Guid?)entry.Property("Id").CurrentValue : null;

    /// <summary>"ViolationRecord +3 ~1; RecordVersion +4" and the first keys changed, bounded.</summary>
    private static string Summary(List<EntityEntry> changed)
    {
        var text = new StringBuilder();
        foreach (var group in changed.GroupBy(e => e.Metadata.ClrType.Name))
        {
            if (text.Length > 0)
                text.Append("; ");
            text.Append(group.Key);
            var added = group.Count(e => e.State == EntityState.Added);
            var modified = group.Count(e => e.State == EntityState.Modified);
            var deleted = group.Count(e => e.State == EntityState.Deleted);
            if (added > 0)
                text.Append(" +").Append(added);
            if (modified > 0)
                text.Append(" ~").Append(modified);
            if (deleted > 0)
                text.Append(" -").Append(deleted);
            var changedColumns = group.Where(e => e.State == EntityState.Modified)
                .SelectMany(e => e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)).Distinct().Take(12).ToList();
            if (changedColumns.Count > 0)
                text.Append(" [").Append(string.Join(",", changedColumns)).Append(']');
        }

        return text.ToString();
    }
}
