using System.Net;
using System.Text;
using CreditProof.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Web.Tests.Ingest;

[Trait("Category", "Database")]
public sealed class RecordsApiLogTests(RecordsApiFactory factory) : IClassFixture<RecordsApiFactory>
{
    private const string IdNumber = "11010519491231002X";

    public static TheoryData<string> Bodies => new()
    {
        $$"""[{"CF_XDR_MC":"张三","CF_XDR_ZJHM":"{{IdNumber}}","CF_WSH":"LOG-1","CF_CFLB":"罚款","CF_NR_FK":1,"CF_JDRQ":"2025-03-05","CF_CFJG":"山西省市场监督管理局","CF_SJLYDM":"{{RecordsApiFactory.UnitA}}"}]""",
        $$"""[{"CF_XDR_ZJHM":"{{IdNumber}}","cf_xdr_zjhm":"{{IdNumber}}","CF_WSH":"LOG-2"}]""",
        $$"""[{"CF_XDR_ZJHM":"{{IdNumber}}","CF_WSH":"\ud800 {{IdNumber}}"}]""",
        $$"""[{"CF_XDR_ZJHM":"{{IdNumber}}", """,
        $$"""{"{{IdNumber}}":[1,2,{"CF_WSH":"{{IdNumber}}"}]}""",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task No_request_body_or_full_ID_number_of_the_records_API_reaches_the_log(string body)
    {
        var logs = new LogCapture();
        using var host = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", "ApiKey " + factory.KeyA);

        var response = await client.PostAsync("/api/v1/records/penalty", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.LoadIntoBufferAsync();
        var entries = logs.Entries.ToList();

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.All(entries, e => Assert.DoesNotContain("19491231", e.Text, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("   at ", e.Text, StringComparison.Ordinal));
    }
}
