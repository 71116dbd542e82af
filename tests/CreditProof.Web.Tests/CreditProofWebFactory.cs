using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CreditProof.Web.Tests;

/// <summary>The real web host on a fresh embedded SQLite database in a temp folder, seeded with a small demo set.</summary>
public class CreditProofWebFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cp_web_" + Guid.NewGuid().ToString("N")[..12]);

    public const int DemoSubjects = 300;

    /// <summary>The folder of the embedded database and the key-encryption key: a second node on it shares both.</summary>
    public string DataDirectory => _dataDirectory;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "sqlite",
        ["CreditProof:DataDirectory"] = _dataDirectory,
        ["CreditProof:Demo"] = "true",
        ["CreditProof:DemoSubjects"] = DemoSubjects.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; never fail a test over clean-up.
        }
    }
}
