using CreditProof.Reports.Lifecycle;
using CreditProof.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Storage;

/// <summary>Wires the one DbContext to the configured provider and its own migrations assembly.</summary>
public static class CreditProofDatabase
{
    private static readonly SqliteBusyTimeout SqliteBusy = new(TimeSpan.FromSeconds(120));

    /// <summary>The database, its PDF store (defaults to <c>&lt;dataDirectory&gt;/pdfs</c>) and the standby for reads, from configuration.</summary>
    public static DatabaseSettings Settings(string? provider, string? connectionString, string dataDirectory, string? pdfStorePath = null, string? readOnlyConnectionString = null)
    {
        var parsed = DatabaseSettings.ParseProvider(provider);
        if (!string.IsNullOrWhiteSpace(readOnlyConnectionString) && parsed != DatabaseProvider.Postgres)
            throw new InvalidOperationException("ConnectionStrings:CreditProofReadOnly names a standby, which needs Database:Provider 'postgres'; the embedded SQLite database is one file.");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (parsed == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:CreditProof is not set.");
            Directory.CreateDirectory(dataDirectory);
            connectionString = DatabaseSettings.DefaultSqliteConnectionString(dataDirectory);
        }

        return new DatabaseSettings
        {
            Provider = parsed,
            ConnectionString = connectionString,
            PdfStorePath = string.IsNullOrWhiteSpace(pdfStorePath) ? Path.Combine(dataDirectory, "pdfs") : pdfStorePath,
            ReadOnlyConnectionString = string.IsNullOrWhiteSpace(readOnlyConnectionString) ? null : readOnlyConnectionString,
        };
    }

    /// <summary>
    /// The provider, its migrations assembly, and the interceptors that write in the transaction of the change itself:
    /// report changes (<see cref="ReportChangeCapture"/>) and each issued report's place in the transparency log queue
    /// (<see cref="TransparencyCapture"/>). Every context of the platform is configured here, so none can save a
    /// change without its entry, nor a report without its queue entry.
    /// </summary>
    public static DbContextOptionsBuilder Configure(this DbContextOptionsBuilder options, DatabaseSettings settings, TimeProvider? time = null)
    {
        options.AddInterceptors(new ReportChangeCapture(time ?? TimeProvider.System), new TransparencyCapture(time ?? TimeProvider.System), new Oversight.StatsCapture(), new Audit.AuditCapture(time ?? TimeProvider.System), new Privacy.PersonalTextScrub());
        return settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString,
                o => o.MigrationsAssembly(DatabaseSettings.SqliteMigrationsAssembly).CommandTimeout(120)).AddInterceptors(SqliteBusy),
            DatabaseProvider.Postgres => options.UseNpgsql(settings.ConnectionString,
                o => o.MigrationsAssembly(DatabaseSettings.PostgresMigrationsAssembly).CommandTimeout(300)),
        };
    }

    public static IServiceCollection AddCreditProofDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // The PDF bytes of issued reports, by hash (the rows keep hash and length): one folder for all nodes.
        services.AddSingleton(sp => new PdfStore(settings.PdfStoreDirectory, sp.GetService<Microsoft.Extensions.Logging.ILogger<PdfStore>>()));
        services.AddDbContextPool<CreditProofDbContext>((sp, o) => o.Configure(settings, sp.GetService<TimeProvider>()));
        // Reads that may go to a standby (verification, public pages): one pool, one rule (ReadOnlyDatabase).
        services.AddSingleton(sp => new ReadOnlyDatabase.Pool(settings, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddScoped<ReadOnlyDatabase>();
        // Shared rate limit counters need a clock; hosts register TimeProvider.System, tests their own.
        services.AddSingleton(sp => new RateCounters(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>
    /// The database cannot be reached now, and the same request may succeed in seconds: a connection refused or broken
    /// (the primary died; during a failover no host is the primary yet), the server shutting down or still starting
    /// (57P01–57P03, class 08), a write that reached a standby (25006). Hosts answer 503 with Retry-After, never 500.
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException p)
                return p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "25006";
            if (e is Npgsql.NpgsqlException)
                return true;
        }

        return false;
    }

    public static CreditProofDbContext CreateContext(DatabaseSettings settings, TimeProvider? time = null)
    {
        var options = new DbContextOptionsBuilder<CreditProofDbContext>();
        options.Configure(settings, time);
        return new CreditProofDbContext(options.Options);
    }

    /// <summary>Applies pending migrations, then loads reference data (domains, regions, calendar) that is missing.</summary>
    public static Task<MigrationResult> MigrateAsync(CreditProofDbContext db, CancellationToken ct = default) => MigrateAsync(db, null, ct);

    /// <summary>
    /// As <see cref="MigrateAsync(CreditProofDbContext, CancellationToken)"/>; a database from before the PDF store has
    /// its PDFs moved into <paramref name="pdfs"/> before their column is dropped (<see cref="PdfColumnMigration"/>).
    /// </summary>
    public static async Task<MigrationResult> MigrateAsync(CreditProofDbContext db, PdfStore? pdfs, CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        var moved = await PdfColumnMigration.BeforeDropAsync(db, pending, pdfs, ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        var loaded = await ReferenceDataLoader.LoadMissingAsync(db, ct);
        // Reports issued before the transparency log existed join it (once; afterwards none is missing).
        await TransparencyLog.EnqueueMissingAsync(db, TimeProvider.System, ct);
        return new MigrationResult(pending, loaded, moved);
    }
}

public sealed record MigrationResult(IReadOnlyList<string> AppliedMigrations, ReferenceDataCounts ReferenceData, PdfColumnMigrationResult Pdfs);
