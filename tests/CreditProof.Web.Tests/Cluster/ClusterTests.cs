using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit.Abstractions;

namespace CreditProof.Web.Tests.Cluster;

/// <summary>
/// Issue 19, item 5: the host runs as stateless nodes. Through HAProxy both nodes answer; a sign-in made on one node
/// continues on the other; a report revoked through one node is verified as revoked on the other within the stated
/// bound (each node re-reads statuses every <see cref="ClusterFixture.RefreshSeconds"/> s).
/// </summary>
[Trait("Category", "Cluster")]
public sealed partial class ClusterTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task The_balancer_spreads_requests_over_both_nodes()
    {
        using var client = new HttpClient { BaseAddress = cluster.Balancer };
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            nodes.Add(response.Headers.GetValues("X-CreditProof-Node").Single());
        }

        Assert.Equal(["node1", "node2"], nodes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_staff_member_signed_in_through_node_1_continues_on_node_2()
    {
        var cookies = new CookieContainer();
        using var node1 = Client(cluster.Node1, cookies);
        var signIn = Token(await node1.GetStringAsync("/signin/staff"));
        using var signedIn = await node1.PostAsync("/signin/staff", new FormUrlEncodedContent(
        [
            new("UserName", ClusterFixture.WindowUser), new("Password", ClusterFixture.WindowPassword), new("__RequestVerificationToken", signIn),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // The cookies were made by node 1 (a cookie belongs to the host, not the port); node 2 reads them with the shared key ring.
        using var node2 = Client(cluster.Node2, cookies);
        using var window = await node2.GetAsync("/window");
        Assert.Equal(HttpStatusCode.OK, window.StatusCode);
        Assert.Equal("node2", window.Headers.GetValues("X-CreditProof-Node").Single());
        Assert.Contains("集群测试窗口", await window.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_revoked_through_node_1_is_verified_as_revoked_on_node_2_within_the_bound()
    {
        using var node1 = new HttpClient { BaseAddress = cluster.Node1 };
        node1.DefaultRequestHeaders.Add("X-Api-Key", cluster.OperatorApiKey);
        using var node2 = new HttpClient { BaseAddress = cluster.Node2 };

        using var issued = await node1.PostAsJsonAsync("/api/v1/reports", new { subject = await EnterpriseCodeAsync(), purpose = "bidding" });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync() + cluster.Log("node1"));
        var report = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var qr = report.GetProperty("qrText").GetString()!;
        var number = report.GetProperty("reportNumber").GetString()!;
        Assert.Equal("valid", await StatusOnAsync(node2, qr));

        using var revoked = await node1.PostAsJsonAsync($"/api/v1/reports/{number}/revoke", new { reason = "集群测试：撤销" });
        Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());
        var clock = Stopwatch.StartNew();
        string? status;
        while ((status = await StatusOnAsync(node2, qr)) != "revoked" && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        output.WriteLine($"revoked on node 1, seen as {status} on node 2 after {clock.ElapsedMilliseconds} ms (bound: {ClusterFixture.RefreshSeconds} s refresh + one round)");
        Assert.Equal("revoked", status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds((2 * ClusterFixture.RefreshSeconds) + 3), $"{clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_report_issued_through_node_1_downloads_from_node_2_out_of_the_shared_pdf_store()
    {
        using var node1 = new HttpClient { BaseAddress = cluster.Node1 };
        node1.DefaultRequestHeaders.Add("X-Api-Key", cluster.OperatorApiKey);
        using var node2 = new HttpClient { BaseAddress = cluster.Node2 };
        node2.DefaultRequestHeaders.Add("X-Api-Key", cluster.OperatorApiKey);

        using var issued = await node1.PostAsJsonAsync("/api/v1/reports", new { subject = await EnterpriseCodeAsync(), purpose = "bidding" });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync() + cluster.Log("node1"));
        var report = await issued.Content.ReadFromJsonAsync<JsonElement>();
        using var pdf = await node2.GetAsync($"/api/v1/reports/{report.GetProperty("reportNumber").GetString()}.pdf");
        Assert.True(pdf.IsSuccessStatusCode, await pdf.Content.ReadAsStringAsync() + cluster.Log("node2"));
        Assert.Equal(report.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await pdf.Content.ReadAsByteArrayAsync())));
    }

    [Fact]
    public async Task The_typed_attempt_limit_holds_across_both_nodes()
    {
        // Wrong number + code pairs from one client address, alternating between the nodes: the budget (10 failed
        // attempts a minute) is counted once in the database, not 10 per node. The window is the clock's minute, so
        // the test starts early in one.
        while (DateTime.UtcNow.Second > 40)
            await Task.Delay(500);
        using var node1 = new HttpClient { BaseAddress = cluster.Node1 };
        using var node2 = new HttpClient { BaseAddress = cluster.Node2 };
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await (i % 2 == 0 ? node1 : node2).PostAsJsonAsync("/api/v1/verify/number",
                new { number = "0000-0000-0000-0000", code = "000-000-000" });
            answers.Add(response.StatusCode);
        }

        output.WriteLine(string.Join(", ", answers));
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answers.Take(10));
        Assert.All(answers.Skip(10), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
    }

    private static async Task<string?> StatusOnAsync(HttpClient node, string qr)
    {
        var body = await node.GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(qr));
        return body.GetProperty("status").GetString();
    }

    private async Task<string> EnterpriseCodeAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT \"Code\" FROM subjects WHERE \"Type\" = 1 AND \"InRegister\" ORDER BY \"Code\" LIMIT 1", connection);
        return (string)(await query.ExecuteScalarAsync())!;
    }

    private static HttpClient Client(Uri node, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = node };

    private static string Token(string html) => TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
