using Microsoft.EntityFrameworkCore;

namespace CreditProof.Storage;

/// <summary>
/// One holder at a time across every node of the platform, for the background work that writes shared state: on
/// PostgreSQL a session-level advisory lock (<c>pg_try_advisory_lock</c>), held on the context's connection, kept open
/// until disposed, and released by the server if the process dies; on the embedded SQLite database (one process) always
/// acquired. Never waits: a node that does not get the lock skips the work this round, another node is doing it.
/// </summary>
public sealed class ClusterLock : IAsyncDisposable
{
    /// <summary>The web hosts' round: transparency sequencing, report statuses, statistics folding, audit sealing.</summary>
    public const long BackgroundRound = 0x43505F524F554E44; // "CP_ROUND"

    /// <summary>The hourly workflow run: escalations and the end of publicity.</summary>
    public const long Workflows = 0x43505F574F524B46; // "CP_WORKF"

    private readonly CreditProofDbContext? _db;
    private readonly long _key;

    private ClusterLock(CreditProofDbContext? db, long key, bool acquired)
    {
        _db = db;
        _key = key;
        Acquired = acquired;
    }

    /// <summary>This node holds the lock: do the work.</summary>
    public bool Acquired { get; }

    public static async Task<ClusterLock> TryAcquireAsync(CreditProofDbContext db, long key, CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql())
            return new ClusterLock(null, key, acquired: true);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var acquired = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(ct);
            if (!acquired)
                await db.Database.CloseConnectionAsync();
            return new ClusterLock(acquired ? db : null, key, acquired);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null)
            return;
        try
        {
            await _db.Database.SqlQuery<bool>($"SELECT pg_advisory_unlock({_key}) AS \"Value\"").SingleAsync();
        }
        finally
        {
            // The connection goes back to the pool; were the unlock lost, Npgsql's reset on reuse (DISCARD ALL) releases it.
            await _db.Database.CloseConnectionAsync();
        }
    }
}
