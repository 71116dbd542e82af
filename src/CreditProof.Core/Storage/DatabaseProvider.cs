namespace CreditProof.Storage;

public enum DatabaseProvider
{
    Sqlite = 1,
    Postgres = 2,
}

/// <summary>
/// Bound from configuration: <c>Database__Provider</c> (sqlite | postgres), <c>ConnectionStrings__CreditProof</c> (the
/// primary) and, on PostgreSQL only, <c>ConnectionStrings__CreditProofReadOnly</c> (a streaming standby for reads,
/// <see cref="ReadOnlyDatabase"/>).
/// </summary>
public sealed class DatabaseSettings
{
    public const string SqliteMigrationsAssembly = "CreditProof.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "CreditProof.Migrations.Postgres";

    public required DatabaseProvider Provider { get; init; }

    public required string ConnectionString { get; init; }

    /// <summary>
    /// The folder of the content-addressed PDF store (<c>CreditProof:PdfStore:Path</c>; hosts default it to
    /// <c>&lt;DataDirectory&gt;/pdfs</c>). It belongs to the database: backed up and restored with it, shared by every
    /// web node. Unset here: beside a SQLite file, else <c>data/pdfs</c> under the working directory.
    /// </summary>
    public string? PdfStorePath { get; init; }

    /// <summary>Where the PDF store is: <see cref="PdfStorePath"/> or its default.</summary>
    public string PdfStoreDirectory => Path.GetFullPath(PdfStorePath ?? (Provider == DatabaseProvider.Sqlite
        && Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource) is { Length: > 0 } folder
            ? Path.Combine(folder, "pdfs")
            : Path.Combine(Environment.CurrentDirectory, "data", "pdfs")));

    /// <summary>Where <see cref="ReadOnlyDatabase"/> reads; null: on the primary (<see cref="ConnectionString"/>).</summary>
    public string? ReadOnlyConnectionString { get; init; }

    /// <summary>The embedded default: a SQLite file in <c>data/</c> under the working directory.</summary>
    public static string DefaultSqliteConnectionString(string dataDirectory) =>
        $"Data Source={Path.Combine(dataDirectory, "creditproof.db")};Pooling=True";

    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider '{value}' is not supported; use 'sqlite' or 'postgres'."),
    };
}
