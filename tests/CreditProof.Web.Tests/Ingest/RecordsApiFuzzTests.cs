using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CreditProof.Benchmarks.Fuzz;
using Xunit.Abstractions;

namespace CreditProof.Web.Tests.Ingest;

/// <summary>
/// Mutated request bodies (the fuzz harness of bench/) against <c>POST /api/v1/records/{type}</c>: never a 500, every
/// refusal a problem with a title, every rejected row an error with a message; memory does not grow.
/// </summary>
[Trait("Category", "Database")]
[Collection(MemoryMeasurement.Name)]
public sealed class RecordsApiFuzzTests(RecordsApiFactory factory, ITestOutputHelper output) : IClassFixture<RecordsApiFactory>
{
    private static readonly string[] Types = ["penalty", "enforcement", "dishonesty", "criminal"];

    private static byte[] PenaltyBody() => JsonSerializer.SerializeToUtf8Bytes(new[]
    {
        new Dictionary<string, object>
        {
            ["CF_XDR_MC"] = "太原晋阳商贸有限公司", ["CF_XDR_LB"] = "法人及非法人组织", ["CF_XDR_SHXYM"] = "91140105MA0K12348G", ["CF_WSH"] = "晋市监罚〔2025〕901号",
            ["CF_WFXW"] = "销售不合格产品", ["CF_SY"] = "经查", ["CF_YJ"] = "《产品质量法》第四十九条", ["CF_CFLB"] = "罚款", ["CF_NR"] = "罚款3.5万元", ["CF_NR_FK"] = 3.5,
            ["CF_JDRQ"] = "2025-03-05", ["CF_CFJG"] = "山西省市场监督管理局", ["CF_CFJGDM"] = RecordsApiFactory.UnitA, ["CF_SJLY"] = "山西省市场监督管理局", ["CF_SJLYDM"] = RecordsApiFactory.UnitA,
        },
    });

    private static IEnumerable<byte[]> Seeds()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        yield return PenaltyBody();
        yield return File.ReadAllBytes(Path.Combine(samples, "enforcement.json"));
        yield return Encoding.UTF8.GetBytes("[" + string.Join(",", File.ReadAllLines(Path.Combine(samples, "dishonesty.ndjson")).Where(l => l.Length > 0)) + "]");
    }

    /// <summary>1,000 in the suite; <c>CREDITPROOF_FUZZ_API_INPUTS=10000</c> for the full run of docs/security.md.</summary>
    private static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("CREDITPROOF_FUZZ_API_INPUTS"), out var n) && n > 0 ? n : 1_000;

    [Fact]
    public async Task Malformed_bodies_never_answer_500_and_every_refusal_says_why()
    {
        using var host = factory.WithWebHostBuilder(b => b.UseSetting("Ingest:Api:RequestsPerMinute", "1000000"));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", "ApiKey " + factory.KeyA);
        var seeds = Seeds().ToArray();
        var mutator = new Mutator(20261201);
        var problems = new List<string>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Inputs; i++)
        {
            var (body, mutation) = mutator.Mutate(seeds[i % seeds.Length], FuzzFormat.Json);
            // Sometimes to another type's endpoint: right JSON, wrong layout.
            var type = Types[i % 7 == 0 ? (i / 7) % Types.Length : i % seeds.Length];
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await client.PostAsync($"/api/v1/records/{type}", content);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (Check(response.StatusCode, await response.Content.ReadAsStringAsync()) is { } problem)
                problems.Add($"#{i} {type} {mutation}: {problem}");
        }

        var elapsed = clock.Elapsed;
        var growth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        output.WriteLine($"{Inputs:N0} bodies in {elapsed.TotalSeconds:F1} s, heap growth {growth >> 20} MB: " + string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}")));

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        Assert.True(statuses.Keys.Count >= 3, "the mutations reach more than one outcome");
        Assert.True(growth < 64 << 20, $"{growth >> 20} MB");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_30_MB_is_refused_with_413_with_or_without_its_length(bool announced)
    {
        var client = factory.ClientFor(factory.KeyA);
        var big = new byte[31 << 20];
        Array.Fill(big, (byte)' ');
        big[0] = (byte)'[';
        big[^1] = (byte)']';
        HttpContent content = announced ? new ByteArrayContent(big) : new StreamContent(new UnknownLengthStream(big));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/api/v1/records/penalty", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(Check(response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_list_attribute_sent_twice_is_a_rejected_row_not_a_500()
    {
        var row = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "dishonesty.ndjson"))[0];
        var body = "[" + row[..^1] + ",\"履行情况\":\"部分履行\"}]";

        var response = await factory.ClientFor(factory.KeyA).PostAsync("/api/v1/records/dishonesty", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("rows")[0].GetProperty("errors")
            .EnumerateArray().Single(e => e.GetProperty("rule").GetString() == "duplicate_column");
        Assert.Equal("column '履行情况' is the same field as column '履行情况' but holds a different value", error.GetProperty("messageEn").GetString());
        Assert.Equal("列“履行情况”与列“履行情况”是同一项，但值不同", error.GetProperty("messageZh").GetString());
    }

    [Fact]
    public async Task Two_columns_that_name_one_field_with_different_values_reject_the_row_instead_of_keeping_the_first()
    {
        var body = Encoding.UTF8.GetString(PenaltyBody()).Replace("\"CF_WSH\"", "\"cf_wsh\":\"晋市监罚〔2025〕902号\",\"CF_WSH\"", StringComparison.Ordinal);

        var response = await factory.ClientFor(factory.KeyA).PostAsync("/api/v1/records/penalty", new StringContent(body, Encoding.UTF8, "application/json"));

        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());
        var error = result.GetProperty("rows")[0].GetProperty("errors")[0];
        Assert.Equal(("CF_WSH", "duplicate_column"), (error.GetProperty("column").GetString(), error.GetProperty("rule").GetString()));
    }

    /// <summary>Null when the answer keeps the rules; otherwise what is wrong with it.</summary>
    private static string? Check(HttpStatusCode status, string text)
    {
        if ((int)status >= 500)
            return $"{(int)status}: {text[..Math.Min(300, text.Length)]}";
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"{(int)status} with a body that is no JSON: {text[..Math.Min(200, text.Length)]}";
        }

        if (status != HttpStatusCode.OK)
            return json.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } ? null : $"{(int)status} without a title";
        foreach (var row in json.GetProperty("rows").EnumerateArray())
        {
            if (row.GetProperty("outcome").GetString() == "Rejected" && row.GetProperty("errors").GetArrayLength() == 0)
                return $"row {row.GetProperty("row")} rejected without an error";
            foreach (var error in row.GetProperty("errors").EnumerateArray())
            {
                if (error.GetProperty("messageZh").GetString() is not { Length: > 0 } || error.GetProperty("messageEn").GetString() is not { Length: > 0 })
                    return $"row {row.GetProperty("row")}: an error without a message";
            }
        }

        return null;
    }

    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Tests that measure the process's heap run alone: other test classes allocating in parallel would be counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}
