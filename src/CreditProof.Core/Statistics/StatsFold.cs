using System.Data.Common;
using CreditProof.Calendar;
using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CreditProof.Statistics;

/// <summary>
/// Moves pending <see cref="StatDelta"/> rows into <see cref="DailyStat"/>: in one transaction it deletes a batch of
/// deltas (<c>DELETE … RETURNING</c>, so two nodes folding at once never count a delta twice: the second finds the rows
/// gone), turns them into days in the platform's time zone, and adds them to the counts (<c>INSERT … ON CONFLICT DO
/// UPDATE</c>, keys in one order so two folds cannot deadlock). Web host: every round of its background loop; CLI: after
/// each command. Reads only the new deltas, never the source tables.
/// </summary>
public sealed class StatsFold(PlatformClock clock)
{
    private const int BatchSize = 10_000;
    private const int RowsPerInsert = 500;

    /// <returns>How many deltas were folded.</returns>
    public async Task<int> FoldPendingAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var folded = 0;
        WorkingDayCalendar? calendar = null;
        Dictionary<int, int>? domains = null;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var deltas = await TakeAsync(db, ct);
            if (deltas.Count == 0)
                return folded;
            if (calendar is null && deltas.Any(d => d.Since is not null))
                calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
            if (domains is null && deltas.Any(d => d.DomainId == 0 && d.UnitId != 0))
                domains = await UnitDomainsAsync(db, ct);
            await AddAsync(db, ToDaily(deltas, clock, calendar, domains), ct);
            await transaction.CommitAsync(ct);
            folded += deltas.Count;
            if (deltas.Count < BatchSize)
                return folded;
        }
    }

    /// <summary>The days and keys of deltas, summed: the one rule that turns a change into counts, for the fold and for a rebuild from the source tables.</summary>
    public static IReadOnlyList<DailyStat> ToDaily(IEnumerable<StatDelta> deltas, PlatformClock clock, WorkingDayCalendar? calendar, IReadOnlyDictionary<int, int>? unitDomains)
    {
        var sums = new Dictionary<(string, DateOnly, int, int, string, string), long>();
        foreach (var d in deltas)
        {
            var day = clock.DateOf(d.At);
            var key = d.DueOn is { } due ? (day <= due ? StatMetrics.OnTime : StatMetrics.Late)
                : d.Since is { } since && calendar is not null ? StatMetrics.Bucket(calendar.WorkingDaysBetween(clock.DateOf(since), day))
                : d.Key;
            var domain = d.DomainId == 0 && d.UnitId != 0 && unitDomains is not null ? unitDomains.GetValueOrDefault(d.UnitId) : d.DomainId;
            var k = (d.Metric, day, d.UnitId, domain, d.City, key);
            sums[k] = sums.GetValueOrDefault(k) + d.Count;
            if (StatMetrics.MonthlyRollups.Contains(d.Metric))
            {
                var month = (StatMetrics.MonthlyOf(d.Metric), new DateOnly(day.Year, day.Month, 1), d.UnitId, domain, d.City, key);
                sums[month] = sums.GetValueOrDefault(month) + d.Count;
            }
        }

        return [.. sums.OrderBy(s => s.Key).Select(s => new DailyStat
        {
            Metric = s.Key.Item1, Day = s.Key.Item2, UnitId = s.Key.Item3, DomainId = s.Key.Item4, City = s.Key.Item5, Key = s.Key.Item6, Count = s.Value,
        })];
    }

    public static async Task<Dictionary<int, int>> UnitDomainsAsync(CreditProofDbContext db, CancellationToken ct) =>
        await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.DomainId, ct);

    private static async Task<List<StatDelta>> TakeAsync(CreditProofDbContext db, CancellationToken ct)
    {
        await using var command = Command(db);
        command.CommandText = $"""
            DELETE FROM stat_deltas WHERE "Id" IN (SELECT "Id" FROM stat_deltas ORDER BY "Id" LIMIT {BatchSize})
            RETURNING "Metric", "At", "UnitId", "DomainId", "City", "Key", "Count", "Since", "DueOn"
            """;
        var deltas = new List<StatDelta>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            deltas.Add(new StatDelta
            {
                Metric = reader.GetString(0),
                At = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                UnitId = reader.GetInt32(2),
                DomainId = reader.GetInt32(3),
                City = reader.GetString(4),
                Key = reader.GetString(5),
                Count = reader.GetInt64(6),
                Since = reader.IsDBNull(7) ? null : DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc),
                DueOn = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
            });
        }

        return deltas;
    }

    /// <summary>Adds the counts to what is there (both providers know <c>ON CONFLICT … DO UPDATE</c>).</summary>
    internal static async Task AddAsync(CreditProofDbContext db, IReadOnlyList<DailyStat> stats, CancellationToken ct)
    {
        foreach (var chunk in stats.Chunk(RowsPerInsert))
        {
            await using var command = Command(db);
            var values = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var s = chunk[i];
                values.Add($"(@m{i}, @d{i}, @u{i}, @o{i}, @c{i}, @k{i}, @n{i})");
                Parameter(command, $"@m{i}", s.Metric);
                Parameter(command, $"@d{i}", s.Day);
                Parameter(command, $"@u{i}", s.UnitId);
                Parameter(command, $"@o{i}", s.DomainId);
                Parameter(command, $"@c{i}", s.City);
                Parameter(command, $"@k{i}", s.Key);
                Parameter(command, $"@n{i}", s.Count);
            }

            command.CommandText = $"""
                INSERT INTO daily_stats ("Metric", "Day", "UnitId", "DomainId", "City", "Key", "Count") VALUES {string.Join(", ", values)}
                ON CONFLICT ("Metric", "Day", "UnitId", "DomainId", "City", "Key") DO UPDATE SET "Count" = daily_stats."Count" + excluded."Count"
                """;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbCommand Command(CreditProofDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
