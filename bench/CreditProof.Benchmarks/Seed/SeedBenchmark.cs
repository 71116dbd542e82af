using System.Diagnostics;
using System.Globalization;
using CreditProof.Demo;
using CreditProof.Storage;
using Npgsql;

namespace CreditProof.Benchmarks.Seed;

/// <summary>
/// Demo seed throughput on a fresh database: <c>seed --subjects 1000000 --provider sqlite|postgres [--connection CS]</c>.
/// For PostgreSQL the connection string names a server; a new database is created and dropped.
/// </summary>
public static class SeedBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var subjects = int.Parse(Arg(args, "--subjects") ?? "1000000", CultureInfo.InvariantCulture);
        var provider = DatabaseSettings.ParseProvider(Arg(args, "--provider"));
        var server = Arg(args, "--connection");
        var name = "cp_seed_" + Guid.NewGuid().ToString("N")[..8];
        string? directory = null;

        DatabaseSettings settings;
        if (provider == DatabaseProvider.Postgres)
        {
            server ??= "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
            await Execute(server, $"CREATE DATABASE \"{name}\"");
            settings = new DatabaseSettings { Provider = provider, ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString };
        }
        else
        {
            directory = Directory.CreateTempSubdirectory("cp_seed_").FullName;
            settings = new DatabaseSettings { Provider = provider, ConnectionString = $"Data Source={Path.Combine(directory, "seed.db")}" };
        }

        try
        {
            await using var db = CreditProofDatabase.CreateContext(settings);
            await CreditProofDatabase.MigrateAsync(db);
            var process = Process.GetCurrentProcess();
            var result = await new DemoSeeder(db, new CreditProof.Platform.PlatformClock(TimeProvider.System), BenchKeys.For(settings)).SeedAsync(new DemoSeedOptions(subjects, 7));
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {provider}: {result.Subjects:N0} subjects, {result.Records:N0} records in {result.Elapsed.TotalSeconds:F1} s = " +
                $"{result.SubjectsPerSecond:N0} subjects/s, {(result.Subjects + 2.0 * result.Records) / result.Elapsed.TotalSeconds:N0} rows/s; peak RSS {process.PeakWorkingSet64 / 1048576.0:F0} MB"));
            return 0;
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
            {
                NpgsqlConnection.ClearAllPools();
                await Execute(server!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
            else if (directory is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
