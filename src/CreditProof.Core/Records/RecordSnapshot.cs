using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace CreditProof.Records;

/// <summary>
/// The content of a record as an ordered field map: what a version stores and what a correction is compared on. The JSON
/// keeps Chinese text as text (half the bytes of <c>\uXXXX</c> escapes, and readable in the database) and leaves out
/// empty fields; HTML-sensitive characters stay escaped.
/// </summary>
public static class RecordSnapshot
{
    private static readonly ConcurrentDictionary<Type, int[]> SortOrders = new();

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static SortedDictionary<string, string?> Capture(ViolationRecord record)
    {
        var fields = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in Entries(record))
            fields[name] = value;
        return fields;
    }

    /// <summary>
    /// The same text as <c>ToJson(Capture(record))</c>, written directly: keys in ordinal order, no null fields. Imports
    /// make one per row, so this skips the sorted dictionary and the serializer's reflection.
    /// </summary>
    public static string ToJson(ViolationRecord record)
    {
        var entries = Entries(record);
        var order = SortOrders.GetOrAdd(record.GetType(), _ => [.. Enumerable.Range(0, entries.Length).OrderBy(i => entries[i].Name, StringComparer.Ordinal)]);
        return Write(order.Select(i => entries[i]));
    }

    public static string ToJson(SortedDictionary<string, string?> fields) => Write(fields.Select(f => (f.Key, f.Value)));

    private static string Write(IEnumerable<(string Name, string? Value)> orderedFields)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder });
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var (name, value) in orderedFields)
        {
            if (value is not null)
                writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The fields of a record, in a fixed order per record type.</summary>
    private static (string Name, string? Value)[] Entries(ViolationRecord record)
    {
        (string, string?)[] common =
        [
            ("SubjectName", record.SubjectName),
            ("DocumentNumber", record.DocumentNumber),
            ("DecisionDate", Format(record.DecisionDate)),
            ("Status", record.Status.ToString()),
            ("Procedure", record.Procedure.ToString()),
            ("Severity", record.Severity.ToString()),
            ("Category", record.Category),
            ("Facts", record.Facts),
            ("LegalBasis", record.LegalBasis),
            ("Content", record.Content),
            ("AuthorityName", record.AuthorityName),
            ("AuthorityCode", record.AuthorityCode),
            ("ValidUntil", Format(record.ValidUntil)),
            ("PublicityEnd", Format(record.PublicityEnd)),
            ("RepairStatus", record.RepairStatus.ToString()),
            ("RepairedOn", Format(record.RepairedOn)),
            ("RepairNote", record.RepairNote),
            ("Remarks", record.Remarks),
        ];
        return record switch
        {
            PenaltyRecord p =>
            [
                .. common,
                ("ViolationType", p.ViolationType),
                ("FineFen", p.FineFen?.ToString(CultureInfo.InvariantCulture)),
                ("ConfiscatedFen", p.ConfiscatedFen?.ToString(CultureInfo.InvariantCulture)),
                ("LicenceAffected", p.LicenceAffected),
            ],
            DishonestyListing d => [.. common, ("ListName", d.ListName), ("RemovedOn", Format(d.RemovedOn)), ("ExtraJson", d.ExtraJson)],
            CriminalJudgment c => [.. common, ("EffectiveOn", Format(c.EffectiveOn))],
            _ => common,
        };
    }

    /// <summary>The field map a stored snapshot holds (also one written with escapes or with null fields, as earlier versions did).</summary>
    public static Dictionary<string, string?> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];

    /// <summary>
    /// The fields that differ between two stored snapshots; none when they say the same thing in different spelling.
    /// Equal text, the usual case for a re-submitted row, is decided without parsing.
    /// </summary>
    public static IReadOnlyList<string> Differences(string? before, string after) =>
        string.Equals(before, after, StringComparison.Ordinal) ? [] : Differences(Parse(before), Parse(after));

    /// <summary>The names of the fields whose values differ, in order.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        after.Keys.Union(before.Keys).Order(StringComparer.Ordinal)
            .Where(k => !string.Equals(before.GetValueOrDefault(k), after.GetValueOrDefault(k), StringComparison.Ordinal))
            .ToList();

    private static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
