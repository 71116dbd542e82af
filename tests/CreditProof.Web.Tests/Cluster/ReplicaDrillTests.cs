using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditProof.Reports;
using Npgsql;
using Xunit.Abstractions;

namespace CreditProof.Web.Tests.Cluster;

/// <summary>
/// Issue 19, item 6, the failover drill: reports issued through a web node are on the synchronous standby when the node
/// answers; verification reads there (and on the primary for a report the standby has not replayed yet); the primary
/// is killed (<c>pg_ctl stop -m immediate</c>), the node answers 503 meanwhile (never 500), the standby is promoted,
/// the node writes and verifies again without a restart, and every report committed before the kill is there.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ReplicaDrillTests(ReplicaFixture replica, ITestOutputHelper output) : IClassFixture<ReplicaFixture>
{
    private sealed record Issued(string ReportNumber, string VerificationCode, string QrText);

    [Fact]
    public async Task The_primary_dies_the_standby_is_promoted_the_node_reconnects_and_no_committed_report_is_lost()
    {
        output.WriteLine("set-up: " + string.Join(", ", replica.Timings));
        using var node = new HttpClient { BaseAddress = replica.Node, Timeout = TimeSpan.FromSeconds(30) };
        node.DefaultRequestHeaders.Add("X-Api-Key", replica.OperatorApiKey);
        var subject = await ScalarAsync<string>(replica.Primary, "SELECT \"Code\" FROM subjects WHERE \"Type\" = 1 AND \"InRegister\" ORDER BY \"Code\" LIMIT 1");

        // Synchronous replication (remote_apply): a report the node confirmed is already readable on the standby.
        var committed = new List<Issued>();
        for (var i = 0; i < 5; i++)
        {
            committed.Add(await IssueAsync(node, subject));
            Assert.True(await OnAsync(replica.Standby, committed[^1]), $"{committed[^1].ReportNumber} is not on the standby when the node answered");
        }

        output.WriteLine("replication: " + await ScalarAsync<string>(replica.Primary,
            "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state || ' write_lag=' || coalesce(write_lag::text, '0') || ' flush_lag=' || coalesce(flush_lag::text, '0') || ' replay_lag=' || coalesce(replay_lag::text, '0'), '; ') FROM pg_stat_replication"));

        // Verification answers, and its reads are connected to the standby.
        Assert.Equal("valid", await StatusByNumberAsync(node, committed[0]));
        Assert.Equal("valid", await StatusByQrAsync(node, committed[1]));
        Assert.True(await ScalarAsync<long>(replica.Standby, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReplicaFixture.ReadsApplicationName}'") > 0);

        // Lag: the standby stops replaying (commits now wait for its flush only). A report issued meanwhile is not on
        // it, and is verified all the same, from the primary; a revocation meanwhile is not seen by the paper path until
        // the standby replays it, which shows the paper path reads on the standby.
        await ExecuteAsync(replica.Primary, "ALTER SYSTEM SET synchronous_commit = 'on'", "SELECT pg_reload_conf()");
        await Task.Delay(300);
        await ExecuteAsync(replica.Standby, "SELECT pg_wal_replay_pause()");
        Issued late;
        var revoked = committed[^1];
        try
        {
            late = await IssueAsync(node, subject);
            Assert.False(await OnAsync(replica.Standby, late), "the standby replayed while paused");
            Assert.Equal("valid", await StatusByNumberAsync(node, late));
            Assert.Equal("valid", await StatusByQrAsync(node, late));
            using var revocation = await node.PostAsJsonAsync($"/api/v1/reports/{revoked.ReportNumber}/revoke", new { reason = "副本演练：撤销" });
            Assert.Equal(HttpStatusCode.NoContent, revocation.StatusCode);
            Assert.Equal("valid", await StatusByNumberAsync(node, revoked));
        }
        finally
        {
            await ExecuteAsync(replica.Standby, "SELECT pg_wal_replay_resume()");
            await ExecuteAsync(replica.Primary, "ALTER SYSTEM SET synchronous_commit = 'remote_apply'", "SELECT pg_reload_conf()");
        }

        committed.Add(late);
        var replay = Stopwatch.StartNew();
        while (await StatusByNumberAsync(node, revoked) != "revoked" && replay.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20);
        output.WriteLine($"replay resumed → revocation seen on the standby path: {replay.ElapsedMilliseconds} ms");
        Assert.Equal("revoked", await StatusByNumberAsync(node, revoked));
        await Task.Delay(300);

        // Failover: the primary dies at once; until a primary exists again the node says 503 with Retry-After.
        await replica.ClusterAsync("stop", replica.PrimaryDirectory);
        var clock = Stopwatch.StartNew();
        using (var during = await node.PostAsJsonAsync("/api/v1/reports", new { subject, purpose = "bidding" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.True(during.Headers.RetryAfter is not null, "503 without Retry-After");
            Assert.Contains("数据库暂时不可用", await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await replica.ClusterAsync("promote", replica.StandbyDirectory);
        var promotedAt = clock.Elapsed;
        var answers = new List<HttpStatusCode>();
        Issued? after = null;
        while (after is null && clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            using var response = await node.PostAsJsonAsync("/api/v1/reports", new { subject, purpose = "bidding" });
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Created)
                after = Parse(await response.Content.ReadFromJsonAsync<JsonElement>());
            else
                await Task.Delay(100);
        }

        output.WriteLine($"kill → promoted: {promotedAt.TotalMilliseconds:F0} ms; kill → first report issued: {clock.Elapsed.TotalMilliseconds:F0} ms; answers meanwhile: {string.Join(", ", answers.Select(a => (int)a))}");
        Assert.True(after is not null, $"no report issued after the promotion: {string.Join(", ", answers)}\n{replica.Log("node")}");
        Assert.All(answers, a => Assert.True(a is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"answered {(int)a} during the switch"));

        // The node verifies on the promoted server, old and new reports alike, and nothing committed was lost.
        Assert.Equal("valid", await StatusByNumberAsync(node, committed[0]));
        Assert.Equal("revoked", await StatusByNumberAsync(node, revoked));
        Assert.Equal("valid", await StatusByNumberAsync(node, after));
        Assert.Equal("valid", await StatusByQrAsync(node, after));
        foreach (var report in committed)
            Assert.True(await OnAsync(replica.Standby, report), $"{report.ReportNumber}, committed before the kill, is missing after the promotion");
        Assert.Equal(committed.Count + 1, await ScalarAsync<long>(replica.Standby, "SELECT count(*) FROM issued_reports"));
    }

    private static async Task<Issued> IssueAsync(HttpClient node, string subject)
    {
        using var response = await node.PostAsJsonAsync("/api/v1/reports", new { subject, purpose = "bidding" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Parse(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static Issued Parse(JsonElement body) => new(body.GetProperty("reportNumber").GetString()!, body.GetProperty("verificationCode").GetString()!, body.GetProperty("qrText").GetString()!);

    /// <summary>The paper path's answer: the status, or null for "not found".</summary>
    private static async Task<string?> StatusByNumberAsync(HttpClient node, Issued report)
    {
        using var response = await node.PostAsJsonAsync("/api/v1/verify/number", new { number = report.ReportNumber, code = report.VerificationCode });
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() : null;
    }

    private static async Task<string?> StatusByQrAsync(HttpClient node, Issued report) =>
        (await node.GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(report.QrText))).GetProperty("status").GetString();

    private static async Task<bool> OnAsync(string server, Issued report) =>
        await ScalarAsync<long>(server, $"SELECT count(*) FROM issued_reports WHERE \"Number\" = '{ReportNumbers.ParseNumber(report.ReportNumber)}'") == 1;

    private static async Task<T> ScalarAsync<T>(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string server, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
