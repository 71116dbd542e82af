using CreditProof.Signing;
using Npgsql;

namespace CreditProof.Web.Tests.Cluster;

/// <summary>
/// Issue 19, item 6: a PostgreSQL primary and a hot standby made from it with <c>pg_basebackup</c>
/// (<c>scripts/postgres-cluster.sh primary</c> and <c>standby</c>: streaming, synchronous, <c>remote_apply</c>), two
/// clusters on loopback of their own, and one web node whose connection strings name both hosts: writes with
/// <c>Target Session Attributes=primary</c>, reads (<c>ConnectionStrings:CreditProofReadOnly</c>) with
/// <c>prefer-standby</c>. The database is made as an operator would (<c>db migrate</c>, <c>keys create</c>,
/// <c>demo seed</c>). Needs Debian's PostgreSQL (the test script's PostgreSQL phase installs it); Category=Cluster.
/// </summary>
public sealed class ReplicaFixture() : WebNodeProcesses("cp_replica_"), IAsyncLifetime
{
    /// <summary>The application name of the node's read connections, to see on which server they are.</summary>
    public const string ReadsApplicationName = "creditproof-reads";

    private const string Database = "creditproof";
    private readonly string _clusters = Path.Combine(Path.GetTempPath(), "cp_replica_pg_" + Guid.NewGuid().ToString("N")[..10]);

    public string OperatorApiKey { get; } = OperatorApiKeys.Generate();

    public Uri Node { get; private set; } = null!;

    public string PrimaryDirectory => Path.Combine(_clusters, "primary");

    public string StandbyDirectory => Path.Combine(_clusters, "standby");

    /// <summary>The primary alone (for the test's own checks).</summary>
    public string Primary { get; private set; } = "";

    /// <summary>The standby alone (for the test's own checks).</summary>
    public string Standby { get; private set; } = "";

    /// <summary>How long each step of the set-up took, for the drill's output.</summary>
    public List<string> Timings { get; } = [];

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (primaryPort, standbyPort, nodePort) = (Port(0), Port(1), Port(2));
        var server = await ClusterAsync("primary", PrimaryDirectory, primaryPort);
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        Timings.Add($"primary {clock.ElapsedMilliseconds} ms");
        Primary = new NpgsqlConnectionStringBuilder(server) { Database = Database, Pooling = false }.ConnectionString;
        Standby = new NpgsqlConnectionStringBuilder(Primary) { Port = standbyPort }.ConnectionString;

        // Both hosts in each string: Npgsql finds the primary (or prefers the standby) and looks again at hosts it
        // marked every second, so a promoted standby is used within a second of its promotion.
        var hosts = $"Host=127.0.0.1:{primaryPort},127.0.0.1:{standbyPort};Username=postgres;Database={Database};Host Recheck Seconds=1;Timeout=5";
        Node = new Uri($"http://127.0.0.1:{nodePort}");
        foreach (var (k, v) in ClusterFixture.NodeEnvironment(hosts + ";Target Session Attributes=primary", Folder, Node, OperatorApiKey, refreshSeconds: 1))
            Environment[k] = v;
        Environment["ConnectionStrings__CreditProofReadOnly"] = hosts + $";Target Session Attributes=prefer-standby;Application Name={ReadsApplicationName}";

        await CliAsync(null, "db", "migrate");
        Timings.Add($"migrated {clock.ElapsedMilliseconds} ms");
        await CliAsync(null, "keys", "create");
        await CliAsync(null, "demo", "seed", "--subjects", "40");
        Timings.Add($"seeded {clock.ElapsedMilliseconds} ms");
        // The standby is made from the seeded database, as an operator adds one to a running platform.
        await ClusterAsync("standby", StandbyDirectory, standbyPort, server);
        Timings.Add($"standby {clock.ElapsedMilliseconds} ms");
        StartNode("node", nodePort);
        await ReadyAsync(Node, "node");
        Timings.Add($"node ready {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>Free ports, or from <c>CREDITPROOF_TEST_PORT_BASE</c> on when set (a machine shared with other test runs).</summary>
    private static int Port(int offset) =>
        int.TryParse(System.Environment.GetEnvironmentVariable("CREDITPROOF_TEST_PORT_BASE"), System.Globalization.CultureInfo.InvariantCulture, out var first) ? first + offset : FreePort();

    /// <summary><c>scripts/postgres-cluster.sh</c> with an action, as an operator runs it.</summary>
    public Task<string> ClusterAsync(string action, string directory, int? port = null, string? primary = null) =>
        RunAsync("bash", [Path.Combine(Root, "scripts", "postgres-cluster.sh"), action, .. primary is null ? Array.Empty<string>() : [primary], directory,
            .. port is null ? Array.Empty<string>() : [port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]]);

    public async Task DisposeAsync()
    {
        await StopProcessesAsync();
        NpgsqlConnection.ClearAllPools();
        foreach (var cluster in new[] { PrimaryDirectory, StandbyDirectory }.Where(Directory.Exists))
            await ClusterAsync("stop", cluster);
        try
        {
            Directory.Delete(_clusters, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }

        DeleteFolder();
    }
}
