using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditProof.Storage;

/// <summary>
/// Where the reads that may be served by a streaming standby go (issue 19): verification, the status list, the trust
/// list and the public pages. One rule for every such read: <see cref="Context"/> reads from
/// <c>ConnectionStrings:CreditProofReadOnly</c> when it is set (a PostgreSQL hot standby, or several hosts with
/// <c>Target Session Attributes=prefer-standby</c>), else from the primary; it never writes — saving refuses
/// (<see cref="ReadOnlyGuard"/>), and on PostgreSQL every transaction of it is read-only, so a write through it fails
/// even where it reaches the primary. Writes, and the reads that feed writes, use the scope's
/// <see cref="CreditProofDbContext"/> (the primary) as before: the access log, rate counters and typed attempts keep
/// writing there without their callers choosing anything.
/// A standby lags its primary (not at all with <c>synchronous_commit=remote_apply</c>, docs/scaling.md): a report
/// issued a moment ago may not be on it yet, so an answer that says "not there" is asked again of the primary
/// (<see cref="ReadAsync{T}"/>).
/// </summary>
public sealed class ReadOnlyDatabase(ReadOnlyDatabase.Pool pool, IServiceProvider scope) : IAsyncDisposable, IDisposable
{
    private CreditProofDbContext? _context;

    /// <summary>A standby is configured: <see cref="Context"/> and <see cref="Primary"/> are different servers.</summary>
    public bool HasStandby => pool.HasStandby;

    /// <summary>The context for reads that tolerate the standby's lag; no tracking, never saves.</summary>
    public CreditProofDbContext Context => _context ??= pool.Rent();

    /// <summary>The scope's context on the primary, for the second read of <see cref="ReadAsync{T}"/>.</summary>
    public CreditProofDbContext Primary => scope.GetRequiredService<CreditProofDbContext>();

    /// <summary>
    /// Reads on the standby; when <paramref name="missing"/> says the answer found nothing, reads again on the primary
    /// (only when a standby is configured: on one database the answer stands). Use it for every read of one report by
    /// its number or code, so that a report just issued is never "not found".
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<CreditProofDbContext, Task<T>> read, Func<T, bool> missing)
    {
        var answer = await read(Context);
        return HasStandby && missing(answer) ? await read(Primary) : answer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
            await _context.DisposeAsync();
    }

    /// <summary>For scopes disposed synchronously: the context goes back to its pool either way.</summary>
    public void Dispose() => _context?.Dispose();

    /// <summary>The pooled contexts on the read-only connection, one per host process.</summary>
    public sealed class Pool(DatabaseSettings settings, TimeProvider time)
    {
        private readonly PooledDbContextFactory<CreditProofDbContext> _factory = new(Options(settings, time));

        public bool HasStandby { get; } = settings.ReadOnlyConnectionString is not null;

        public CreditProofDbContext Rent() => _factory.CreateDbContext();

        private static DbContextOptions<CreditProofDbContext> Options(DatabaseSettings settings, TimeProvider time)
        {
            var connection = settings.ReadOnlyConnectionString ?? settings.ConnectionString;
            if (settings.Provider == DatabaseProvider.Postgres)
            {
                // The server refuses any write of this connection, wherever it lands (ExecuteUpdate and raw SQL included).
                var builder = new NpgsqlConnectionStringBuilder(connection);
                builder.Options = string.Join(' ', new[] { builder.Options, "-c default_transaction_read_only=on" }.Where(o => !string.IsNullOrWhiteSpace(o)));
                connection = builder.ConnectionString;
            }

            var options = new DbContextOptionsBuilder<CreditProofDbContext>();
            options.AddInterceptors(new ReadOnlyGuard());
            options.Configure(new DatabaseSettings { Provider = settings.Provider, ConnectionString = connection }, time);
            options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            return options.Options;
        }
    }

    /// <summary>Refuses <c>SaveChanges</c> on a read-only context, on either provider, before anything is sent.</summary>
    internal sealed class ReadOnlyGuard : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) => throw Refused();

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw Refused();

        private static InvalidOperationException Refused() => new(
            "This context reads from the standby (ReadOnlyDatabase) and never writes; write through CreditProofDbContext, the primary.");
    }
}
