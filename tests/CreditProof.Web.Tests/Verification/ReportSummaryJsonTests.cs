using System.Text.Json;
using CreditProof.Verification;
using CreditProof.Web.Verification;

namespace CreditProof.Web.Tests.Verification;

/// <summary>The summary written from its held bytes is exactly what the serializer writes, every time, and reads back.</summary>
public sealed class ReportSummaryJsonTests
{
    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web);

    private static readonly JsonSerializerOptions Cached = new(JsonSerializerDefaults.Web) { Converters = { new ReportSummaryJsonConverter() } };

    [Fact]
    public void A_summary_written_from_its_held_bytes_equals_the_serializers_own_output_and_reads_back()
    {
        var summary = new ReportSummary("ABCDEFGHJKMNPQRS", "CN-14", "山西省公共信用信息平台", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 1, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), "太原市示例\"引号\"有限公司", "91140100MA0001XXXX",
            new DateOnly(2023, 12, 1), new DateOnly(2026, 11, 30),
            [new DomainConclusionSummary(1, "市场监管", "Market regulation", 0), new DomainConclusionSummary(2, "税务", "Taxation", 2, Incomplete: true)], "2026.1", "k-1", "SM2");
        var plain = Plain;
        var cached = Cached;
        var response = new { authentic = true, report = summary, after = 1 };

        var expected = JsonSerializer.Serialize(response, plain);
        Assert.Equal(expected, JsonSerializer.Serialize(response, cached));
        Assert.Equal(expected, JsonSerializer.Serialize(response, cached)); // the second write uses the held bytes
        Assert.Contains("\"domains\":[{", expected, StringComparison.Ordinal);

        var back = JsonSerializer.Deserialize<ReportSummary>(JsonSerializer.Serialize(summary, cached), cached)!;
        Assert.Equal(summary.SubjectName, back.SubjectName);
        Assert.Equal(summary.Domains, back.Domains);
    }
}
