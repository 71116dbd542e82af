using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>
/// The real portal as a person meets it: the web host started as its own process on a free loopback port (embedded
/// SQLite, demo data), and Debian's Chromium driven headless by Playwright. No browser is downloaded.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("cp_browser_").FullName;
    private Process? _host;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public string DataDirectory => _dataDirectory;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(FindRepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dataDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CreditProof.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.ArgumentList.Add("--contentRoot");
        // The project folder holds wwwroot (styles), as it does under 'dotnet run'.
        start.ArgumentList.Add(Path.Combine(FindRepositoryRoot(), "src", "CreditProof.Web"));
        start.Environment["CreditProof__DataDirectory"] = _dataDirectory;
        start.Environment["CreditProof__DemoSubjects"] = "3000";
        // QR codes and share links point at this test host, derived from --urls (CreditProof__PublicBaseUrl unset, as with
        // scripts/run.sh): the QR tests that open a scanned code prove the derivation.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _host = Process.Start(start)!;
        _host.OutputDataReceived += (_, _) => { };
        _host.ErrorDataReceived += (_, _) => { };
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        await WaitUntilHealthyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        // The first report a host issues loads fonts and certificates cold; on a loaded 2-core CI machine that once took
        // longer than Playwright's 30 s default. Assertions keep their own (shorter) timeouts.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignInSubjectAsync(string code, string returnUrl = "/me", int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByTestId("demo-idp").ClickAsync();
        // The demo identity provider lists sample subjects; any subject code can be posted, as a unified identity would assert it.
        await page.EvaluateAsync("code => { const r = document.querySelector('input[name=Code]'); r.value = code; r.checked = true; }", code);
        await page.GetByTestId("demo-signin").ClickAsync();
        // The document is enough: locators wait for what they need, and a busy machine can hold the load event back.
        await page.WaitForURLAsync("**" + returnUrl, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        return page;
    }

    public async Task<IPage> SignInStaffAsync(string user, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin/staff");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByTestId("staff-signin").ClickAsync();
        // The demo operator and auditor must use TOTP: the code comes from the demo's known secret (README).
        if (CreditProof.Web.SignIn.DemoAccounts.TotpSecretOf(user) is { } secret)
        {
            await page.WaitForURLAsync("**/signin/totp**", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await page.Locator("#code").FillAsync(CreditProof.Accounts.Totp.Code(secret, DateTimeOffset.UtcNow));
            await page.GetByTestId("totp-signin").ClickAsync();
        }

        await page.WaitForURLAsync("**/staff", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        return page;
    }

    /// <summary>Reads the portal's database directly (read-only), to pick test subjects the way a tester would.</summary>
    public List<string[]> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "creditproof.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        return rows;
    }

    /// <summary>Saves the page as docs' screenshots show it, and checks it as every page must be (axe, reflow: <see cref="Accessibility"/>).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
        await Accessibility.AssertAccessibleAsync(page, name);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files left behind never fail a test.
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_host!.HasExited)
                throw new InvalidOperationException($"The web host exited with code {_host.ExitCode} before it answered.");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The web host did not answer on {BaseUrl}/healthz within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreditProof.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

/// <summary>One portal host for every browser test class: starting it seeds 3000 subjects, once.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
