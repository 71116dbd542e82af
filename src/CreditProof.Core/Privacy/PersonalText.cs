using CreditProof.Identifiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CreditProof.Privacy;

/// <summary>
/// No full ID number is stored in any text column: every string property of every row written is masked
/// (<see cref="ResidentId.MaskAll"/>) before it reaches the database — a number typed into a document number, a
/// subject or authority name, facts, content, an objection's reason, a relying party's name, a User-Agent. Applied by
/// a <c>SaveChanges</c> interceptor and by <see cref="Storage.BulkWriter"/> for bulk inserts, so no use case can forget it.
/// </summary>
public static class PersonalText
{
    /// <summary>Columns left as written, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Exempt = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["IssuedReport.Content"] = "signed at issue; built from data already masked, and a report shows masked numbers only",
        ["IssuedReport.QrText"] = "signed at issue; carries the masked code only",
        ["Subject.Code"] = "a credit code, or for a natural person the blind index (never a number)",
    };

    /// <summary>Whether a column is masked: every text property of the model except the <see cref="Exempt"/> ones.</summary>
    public static bool Applies(IReadOnlyProperty property) =>
        property.ClrType == typeof(string) && !Exempt.ContainsKey(property.DeclaringType.ClrType.Name + "." + property.Name);

    /// <summary>Masks every ID number in the entity's string properties, in place; true when something changed.</summary>
    public static bool Scrub(IEntityType type, object entity)
    {
        var changed = false;
        foreach (var property in type.GetProperties())
        {
            if (!Applies(property) || property.PropertyInfo is not { } info || !info.CanWrite)
                continue;
            if (info.GetValue(entity) is string { Length: >= 18 } text && Masked(text) is { } masked)
            {
                info.SetValue(entity, masked);
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>The text with every ID number masked, or null when it holds none (the common case, checked without a regex).</summary>
    public static string? Masked(string text)
    {
        var run = 0;
        var candidate = false;
        foreach (var c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= 17)
            {
                candidate = true;
                break;
            }
        }

        if (!candidate)
            return null;
        var masked = ResidentId.MaskAll(text);
        return string.Equals(masked, text, StringComparison.Ordinal) ? null : masked;
    }
}

/// <summary>Applies <see cref="PersonalText.Scrub"/> to every row a <c>SaveChanges</c> adds or modifies.</summary>
public sealed class PersonalTextScrub : Storage.BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            foreach (var property in entry.Properties)
            {
                if (!PersonalText.Applies(property.Metadata))
                    continue;
                if (property.CurrentValue is string { Length: >= 18 } text && PersonalText.Masked(text) is { } masked)
                    property.CurrentValue = masked;
            }
        }
    }
}
