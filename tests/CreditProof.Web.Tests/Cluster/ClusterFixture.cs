using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CreditProof.Signing;
using Npgsql;

namespace CreditProof.Web.Tests.Cluster;

/// <summary>
/// Issue 19: two real web nodes (separate processes of the built host) on one PostgreSQL database, behind Debian's
/// HAProxy on loopback, round robin and no stickiness. The database is made as an operator would: <c>creditproof db
/// migrate</c>, <c>keys create</c>, <c>demo seed</c>, <c>staff add</c>. Needs <c>CREDITPROOF_TEST_POSTGRES</c> (the test
/// script's cluster) and <c>haproxy</c>; the tests are <c>Category=Cluster</c> and run in the PostgreSQL phase.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string WindowUser = "cluster-window";
    public const string WindowPassword = "Taihang-Ridge-7731-Fen";

    /// <summary>How often each node re-reads report statuses (CreditProof:Verification:RefreshSeconds): the stated bound.</summary>
    public const int RefreshSeconds = 1;

    private static readonly string[] HaproxyPaths = ["/usr/sbin/haproxy", "/usr/bin/haproxy"];
    private readonly string _name = "cp_cluster_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _folder = Directory.CreateTempSubdirectory("cp_cluster_").FullName;
    private readonly List<Process> _processes = [];
    private string _server = "";
    private Dictionary<string, string> _environment = [];

    public string OperatorApiKey { get; } = OperatorApiKeys.Generate();

    public Uri Node1 { get; private set; } = null!;

    public Uri Node2 { get; private set; } = null!;

    public Uri Balancer { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable("CREDITPROOF_TEST_POSTGRES")
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
        _environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__CreditProof"] = ConnectionString,
            ["CreditProof__KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray()),
            ["CreditProof__DataDirectory"] = _folder,
            ["CreditProof__PublicBaseUrl"] = Balancer.ToString().TrimEnd('/'),
            ["CreditProof__OperatorApiKeyHash"] = OperatorApiKeys.Hash(OperatorApiKey),
            ["CreditProof__Verification__RefreshSeconds"] = RefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CreditProof__TrustedProxies"] = "127.0.0.1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };

        await CliAsync(null, "db", "migrate");
        await CliAsync(null, "keys", "create");
        await CliAsync(null, "demo", "seed", "--subjects", "150");
        await CliAsync(WindowPassword + "\n", "staff", "add", WindowUser, "--name", "集群测试窗口", "--role", "window");

        Start("node1", p1);
        Start("node2", p2);
        await Task.WhenAll(ReadyAsync(Node1), ReadyAsync(Node2));
        StartBalancer(lb, p1, p2);
        await ReadyAsync(Balancer);
    }

    public async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            try
            {
                if (!p.HasExited)
                    p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Never started or already gone.
            }

            p.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    /// <summary>The log a node or the balancer wrote, for a failing test's message.</summary>
    public string Log(string name) => File.Exists(Path.Combine(_folder, name + ".log")) ? File.ReadAllText(Path.Combine(_folder, name + ".log")) : "";

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CreditProof.slnx")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The repository root (CreditProof.slnx) is not above the test folder.");
        }
    }

    private static string Built(string project, string dll) =>
        Path.Combine(Root, "src", project, "bin", "Debug", "net10.0", dll) is var path && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is not built: build the solution first (scripts/test.sh does).");

    private async Task CliAsync(string? input, params string[] args)
    {
        var info = Info("dotnet", Root, [Built("CreditProof.Cli", "creditproof.dll"), .. args]);
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"creditproof {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
    }

    private void Start(string node, int port)
    {
        var web = Path.Combine(Root, "src", "CreditProof.Web");
        var info = Info("dotnet", web, [Built("CreditProof.Web", "CreditProof.Web.dll")]);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["CreditProof__NodeName"] = node;
        _processes.Add(StartLogged(info, node));
    }

    private void StartBalancer(int port, int node1, int node2)
    {
        var config = Path.Combine(_folder, "haproxy.cfg");
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
        _processes.Add(StartLogged(Info(haproxy, _folder, ["-db", "-f", config]), "haproxy"));
    }

    private ProcessStartInfo Info(string file, string directory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (k, v) in _environment)
            info.Environment[k] = v;
        return info;
    }

    private Process StartLogged(ProcessStartInfo info, string name)
    {
        var log = new StreamWriter(Path.Combine(_folder, name + ".log")) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task ReadyAsync(Uri node)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120) && !_processes.Any(p => p.HasExited))
        {
            try
            {
                if ((await client.GetAsync(new Uri(node, "/healthz"))).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{node} did not become healthy in 120 s, or a process exited.\nnode1:\n{Log("node1")}\nnode2:\n{Log("node2")}\nhaproxy:\n{Log("haproxy")}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
