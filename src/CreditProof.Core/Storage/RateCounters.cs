using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Storage;

/// <summary>One fixed window of one rate limit's partition (e.g. the typed attempts of one client address).</summary>
public sealed class RateCounter
{
    public required string Key { get; set; }

    /// <summary>Unix seconds at which the window starts; windows are aligned to the clock, so every node agrees on them.</summary>
    public long WindowStart { get; set; }

    public int Count { get; set; }
}

internal sealed class RateCounterConfiguration : IEntityTypeConfiguration<RateCounter>
{
    public void Configure(EntityTypeBuilder<RateCounter> b)
    {
        b.ToTable("rate_counters");
        b.HasKey(c => new { c.Key, c.WindowStart });
        b.Property(c => c.Key).HasMaxLength(200);
        b.HasIndex(c => c.WindowStart);
    }
}

/// <summary>The count of a window after an increment, and when the window ends.</summary>
public readonly record struct RateWindow(int Count, DateTimeOffset Ends);

/// <summary>
/// Rate limit counters shared by every web node (issue 19): fixed windows aligned to the clock, one row per partition
/// and window in <c>rate_counters</c>, counted with one atomic upsert (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>,
/// the same statement on PostgreSQL and SQLite). Chosen over Redis: no further service to run, secure, watch and back
/// up, and the limited requests (typed codes, relying parties' API calls) are few enough for one indexed write each.
/// Windows that ended an hour ago are pruned by the background round (<see cref="PruneAsync"/>).
/// </summary>
public sealed class RateCounters(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>
    /// The one rule for where limits are counted: in the database on PostgreSQL (the production database, several
    /// nodes), in the process on the embedded SQLite database (one process, no round trip needed).
    /// </summary>
    public static bool AreShared(DatabaseSettings settings) => settings.Provider == DatabaseProvider.Postgres;

    /// <summary>Counts one for <paramref name="key"/> in the current window of length <paramref name="window"/>.</summary>
    public async Task<RateWindow> IncrementAsync(string key, TimeSpan window, CancellationToken ct = default)
    {
        var (start, ends) = Current(window);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO rate_counters ("Key", "WindowStart", "Count") VALUES ({key}, {start}, 1)
            ON CONFLICT ("Key", "WindowStart") DO UPDATE SET "Count" = rate_counters."Count" + 1
            RETURNING "Count" AS "Value"
            """).ToListAsync(ct);
        return new RateWindow(counts.Single(), ends);
    }

    /// <summary>Takes one back from the current window (an attempt that does not count, e.g. a correct code).</summary>
    public async Task DecrementAsync(string key, TimeSpan window, CancellationToken ct = default)
    {
        var (start, _) = Current(window);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE rate_counters SET "Count" = "Count" - 1 WHERE "Key" = {key} AND "WindowStart" = {start} AND "Count" > 0
            """, ct);
    }

    /// <summary>Deletes the windows that started more than an hour before <paramref name="now"/> (no limit's window is that long).</summary>
    public static Task<int> PruneAsync(CreditProofDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var before = now.AddHours(-1).ToUnixTimeSeconds();
        return db.Set<RateCounter>().Where(c => c.WindowStart < before).ExecuteDeleteAsync(ct);
    }

    private (long Start, DateTimeOffset Ends) Current(TimeSpan window)
    {
        var seconds = Math.Max(1, (long)window.TotalSeconds);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var start = now - (now % seconds);
        return (start, DateTimeOffset.FromUnixTimeSeconds(start + seconds));
    }
}
