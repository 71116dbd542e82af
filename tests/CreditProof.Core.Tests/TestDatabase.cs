using CreditProof.Storage;
using Npgsql;

namespace CreditProof.Tests;

/// <summary>
/// A fresh, migrated database for one test class. SQLite (a temp file) by default; PostgreSQL when
/// <c>CREDITPROOF_TEST_PROVIDER=postgres</c> and <c>CREDITPROOF_TEST_POSTGRES</c> (a server connection string) are set,
/// in which case a new database with a random name is created and dropped afterwards. Its PDF store is a temp folder
/// of its own (SQLite: beside the file), so one test's files never meet another's. Mark classes that use it with
/// <c>[Trait("Category", "Database")]</c> so that CI runs them again on PostgreSQL.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string _name = "cp_test_" + Guid.NewGuid().ToString("N")[..12];
    private string? _sqliteDirectory;
    private string? _serverConnectionString;
    private string? _pdfDirectory;

    public DatabaseSettings Settings { get; private set; } = null!;

    public static DatabaseProvider Provider =>
        DatabaseSettings.ParseProvider(Environment.GetEnvironmentVariable("CREDITPROOF_TEST_PROVIDER"));

    public CreditProofDbContext CreateContext() => CreditProofDatabase.CreateContext(Settings);

    /// <summary>The test key-encryption key (the one ReportFixture configures), as base64.</summary>
    public static readonly string KeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private CreditProof.Privacy.PersonalDataKeys? _keys;

    /// <summary>This database's personal-data keys (blind index and encryption of ID numbers), under the test key-encryption key.</summary>
    public CreditProof.Privacy.PersonalDataKeys Keys => _keys ??= new CreditProof.Privacy.PersonalDataKeys(Settings, CreditProof.Signing.MasterKey.FromBase64(KeyEncryptionKey, "test"), TimeProvider.System);

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            _serverConnectionString = Environment.GetEnvironmentVariable("CREDITPROOF_TEST_POSTGRES")
                ?? throw new InvalidOperationException("CREDITPROOF_TEST_PROVIDER=postgres needs CREDITPROOF_TEST_POSTGRES (a connection string to the test server).");
            await using (var connection = new NpgsqlConnection(_serverConnectionString))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _name };
            // The database's PDF store: a temp folder of its own, removed with the database.
            _pdfDirectory = Path.Combine(Path.GetTempPath(), _name + "_pdfs");
            Settings = new DatabaseSettings { Provider = DatabaseProvider.Postgres, ConnectionString = builder.ConnectionString, PdfStorePath = _pdfDirectory };
        }
        else
        {
            _sqliteDirectory = Path.Combine(Path.GetTempPath(), _name);
            Directory.CreateDirectory(_sqliteDirectory);
            Settings = new DatabaseSettings
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={Path.Combine(_sqliteDirectory, "test.db")};Pooling=False",
            };
        }

        await using var db = CreateContext();
        await CreditProofDatabase.MigrateAsync(db);
        // As db migrate and the web host do: the personal-data keys exist before any transaction needs them.
        Keys.EnsureLoaded();
    }

    public async Task DisposeAsync()
    {
        if (_serverConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            if (Directory.Exists(_pdfDirectory))
                Directory.Delete(_pdfDirectory, recursive: true);
        }
        else if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow CI disk is left in the temp folder rather than failing the test.
            }
        }
    }
}
