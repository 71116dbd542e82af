using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CreditProof.Web.Tests.Cluster;

/// <summary>
/// What the multi-process fixtures share (issue 19): the built CLI and host started as separate processes with one
/// environment, each logging to a file in a temp folder, and killed with the fixture.
/// </summary>
public abstract class WebNodeProcesses
{
    private readonly List<Process> _processes = [];

    protected WebNodeProcesses(string prefix) => Folder = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The temp folder of logs, configuration and the nodes' data directory.</summary>
    protected string Folder { get; }

    /// <summary>The environment every process gets (database, keys, base URL).</summary>
    protected Dictionary<string, string> Environment { get; } = [];

    /// <summary>The log a node or the balancer wrote, for a failing test's message.</summary>
    public string Log(string name) => File.Exists(Path.Combine(Folder, name + ".log")) ? File.ReadAllText(Path.Combine(Folder, name + ".log")) : "";

    protected static string Root
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

    /// <summary>Runs the built <c>creditproof</c> command with the fixture's environment; throws with its output when it fails.</summary>
    protected async Task CliAsync(string? input, params string[] args)
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

    /// <summary>Runs a program to its end and returns its standard output; throws with its error output when it fails.</summary>
    protected async Task<string> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(Info(file, Root, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output}{await error}");
        return (await output).Trim();
    }

    /// <summary>Starts a web node (the built host, Production) on loopback at <paramref name="port"/>.</summary>
    protected void StartNode(string node, int port)
    {
        var web = Path.Combine(Root, "src", "CreditProof.Web");
        var info = Info("dotnet", web, [Built("CreditProof.Web", "CreditProof.Web.dll")]);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["CreditProof__NodeName"] = node;
        StartLogged(info, node);
    }

    protected ProcessStartInfo Info(string file, string directory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (k, v) in Environment)
            info.Environment[k] = v;
        return info;
    }

    protected void StartLogged(ProcessStartInfo info, string name)
    {
        var log = new StreamWriter(Path.Combine(Folder, name + ".log")) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>Waits until <paramref name="node"/> answers <c>/healthz</c> with 200 (120 s at most, or until a process exited).</summary>
    protected async Task ReadyAsync(Uri node, params string[] logs)
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

        throw new TimeoutException($"{node} did not become healthy in 120 s, or a process exited.\n"
            + string.Join("\n", logs.Select(l => $"{l}:\n{Log(l)}")));
    }

    /// <summary>Kills every process the fixture started.</summary>
    protected async Task StopProcessesAsync()
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
    }

    protected void DeleteFolder()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
