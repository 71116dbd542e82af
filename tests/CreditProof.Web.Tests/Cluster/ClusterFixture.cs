using CreditProof.Signing;
using Npgsql;

namespace CreditProof.Web.Tests.Cluster;

/// <summary>
/// Issue 19: two real web nodes (separate processes of the built host) on one PostgreSQL database, behind Debian's
/// HAProxy on loopback, round robin and no stickiness. The database is made as an operator would: <c>creditproof db
/// migrate</c>, <c>keys create</c>, <c>demo seed</c>, <c>staff add</c>. Needs <c>CREDITPROOF_TEST_POSTGRES</c> (the test
/// script's cluster) and <c>haproxy</c>; the tests are <c>Category=Cluster</c> and run in the PostgreSQL phase.
/// </summary>
public sealed class ClusterFixture() : WebNodeProcesses("cp_cluster_"), IAsyncLifetime
{
    public const string WindowUser = "cluster-window";
    public const string WindowPassword = "Taihang-Ridge-7731-Fen";

    /// <summary>How often each node re-reads report statuses (CreditProof:Verification:RefreshSeconds): the stated bound.</summary>
    public const int RefreshSeconds = 1;

    private static readonly string[] HaproxyPaths = ["/usr/sbin/haproxy", "/usr/bin/haproxy"];
    private readonly string _name = "cp_cluster_" + Guid.NewGuid().ToString("N")[..10];
    private string _server = "";

    public string OperatorApiKey { get; } = OperatorApiKeys.Generate();

    public Uri Node1 { get; private set; } = null!;

    public Uri Node2 { get; private set; } = null!;

    public Uri Balancer { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = System.Environment.GetEnvironmentVariable("CREDITPROOF_TEST_POSTGRES")
            ?? throw new InvalidOperationException("The cluster tests need CREDITPROOF_TEST_POSTGRES (scripts/test.sh sets it for its PostgreSQL phase).");
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
        var (p1, p2, lb) = (FreePort(), FreePort(), FreePort());
        (Node1, Node2, Balancer) = (new Uri($"http://127.0.0.1:{p1}"), new Uri($"http://127.0.0.1:{p2}"), new Uri($"http://127.0.0.1:{lb}"));
        foreach (var (k, v) in NodeEnvironment(ConnectionString, Folder, Balancer, OperatorApiKey, RefreshSeconds))
            Environment[k] = v;

        await CliAsync(null, "db", "migrate");
        await CliAsync(null, "keys", "create");
        await CliAsync(null, "demo", "seed", "--subjects", "150");
        await CliAsync(WindowPassword + "\n", "staff", "add", WindowUser, "--name", "集群测试窗口", "--role", "window");

        StartNode("node1", p1);
        StartNode("node2", p2);
        await Task.WhenAll(ReadyAsync(Node1, "node1", "node2"), ReadyAsync(Node2, "node1", "node2"));
        StartBalancer(lb, p1, p2);
        await ReadyAsync(Balancer, "node1", "node2", "haproxy");
    }

    /// <summary>What every node of a test cluster is configured with: PostgreSQL, one key-encryption key, one base URL.</summary>
    public static Dictionary<string, string> NodeEnvironment(string connectionString, string folder, Uri publicBase, string operatorApiKey, int refreshSeconds) => new()
    {
        ["Database__Provider"] = "postgres",
        ["ConnectionStrings__CreditProof"] = connectionString,
        ["CreditProof__KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray()),
        ["CreditProof__DataDirectory"] = folder,
        ["CreditProof__PublicBaseUrl"] = publicBase.ToString().TrimEnd('/'),
        ["CreditProof__OperatorApiKeyHash"] = OperatorApiKeys.Hash(operatorApiKey),
        ["CreditProof__Verification__RefreshSeconds"] = refreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CreditProof__TrustedProxies"] = "127.0.0.1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    public async Task DisposeAsync()
    {
        await StopProcessesAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        DeleteFolder();
    }

    private void StartBalancer(int port, int node1, int node2)
    {
        var config = Path.Combine(Folder, "haproxy.cfg");
        File.WriteAllText(config, $"""
            global
                maxconn 512
            defaults
                mode http
                option forwardfor
                timeout connect 5s
                timeout client 60s
                timeout server 60s
            frontend creditproof
                bind 127.0.0.1:{port}
                default_backend nodes
            backend nodes
                balance roundrobin
                option httpchk GET /healthz
                server node1 127.0.0.1:{node1} check inter 1s
                server node2 127.0.0.1:{node2} check inter 1s

            """);
        var haproxy = HaproxyPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("haproxy is not installed (scripts/install-prerequisites.sh test installs it).");
        StartLogged(Info(haproxy, Folder, ["-db", "-f", config]), "haproxy");
    }
}
