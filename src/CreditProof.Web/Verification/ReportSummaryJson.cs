using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditProof.Verification;

namespace CreditProof.Web.Verification;

/// <summary>
/// Writes a <see cref="ReportSummary"/> into the API's JSON from its UTF-8 form made once per summary instance. A
/// summary is what a signed QR text verified to, immutable, and <see cref="ReportVerifier"/> keeps one instance per QR
/// text it remembers; its list of domains and conclusions was most of the serialisation of each verification answer
/// (issue 19 profile: JSON writing was a quarter of verification's time). Made with the same options minus this
/// converter, so the bytes are exactly what the serializer would write. Reading is the serializer's own.
/// </summary>
public sealed class ReportSummaryJsonConverter : JsonConverter<ReportSummary>
{
    private readonly ConditionalWeakTable<ReportSummary, byte[]> _written = [];
    /// <summary>One reference, written whole, so that concurrent writers never read an outer options with a missing inner one.</summary>
    private OptionsPair? _options;

    public override ReportSummary? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<ReportSummary>(ref reader, Inner(options));

    public override void Write(Utf8JsonWriter writer, ReportSummary value, JsonSerializerOptions options)
    {
        if (!_written.TryGetValue(value, out var utf8))
        {
            utf8 = JsonSerializer.SerializeToUtf8Bytes(value, Inner(options));
            _written.AddOrUpdate(value, utf8);
        }

        writer.WriteRawValue(utf8, skipInputValidation: true);
    }

    private JsonSerializerOptions Inner(JsonSerializerOptions outer)
    {
        if (Volatile.Read(ref _options) is { } held && ReferenceEquals(held.Outer, outer))
            return held.Inner;
        var inner = new JsonSerializerOptions(outer);
        inner.Converters.Remove(this);
        Volatile.Write(ref _options, new OptionsPair(outer, inner));
        return inner;
    }

    private sealed record OptionsPair(JsonSerializerOptions Outer, JsonSerializerOptions Inner);
}
