using System.Data.Common;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Reports;

/// <summary>A named counter; the status list's next free index lives here.</summary>
public sealed class SequenceCounter
{
    public required string Name { get; init; }

    public long Next { get; set; }
}

internal sealed class SequenceCounterConfiguration : IEntityTypeConfiguration<SequenceCounter>
{
    public void Configure(EntityTypeBuilder<SequenceCounter> b)
    {
        b.ToTable("sequences");
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(40);
    }
}

/// <summary>
/// Hands out status-list indexes. Each process reserves a block with one atomic UPDATE … RETURNING (the same SQL on SQLite
/// and PostgreSQL), so concurrent issuers — threads or processes — never share an index and issuance costs no extra round
/// trip for 63 of every 64 reports. An unused rest of a block (process stopped) is a gap: those slots stay 0, valid, and
/// no report points at them.
/// </summary>
public sealed class StatusIndexAllocator : IDisposable
{
    public const string CounterName = "status-list";
    private const int BlockSize = 64;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _next;
    private long _end;

    public async Task<int> NextAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_next >= _end)
            {
                _end = await ReserveAsync(db, BlockSize, ct);
                _next = _end - BlockSize;
            }

            return checked((int)_next++);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reserves <paramref name="count"/> indexes and returns the end of the block (exclusive).</summary>
    internal static async Task<long> ReserveAsync(CreditProofDbContext db, int count, CancellationToken ct)
    {
        // A reservation inside a caller's transaction could be rolled back after this process used the block.
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Status indexes are reserved outside any transaction.");
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(ct);
        try
        {
            await using (var insert = Command(connection, """INSERT INTO sequences ("Name", "Next") VALUES (@name, 0) ON CONFLICT ("Name") DO NOTHING""", count))
                await insert.ExecuteNonQueryAsync(ct);
            await using var update = Command(connection, """UPDATE sequences SET "Next" = "Next" + @count WHERE "Name" = @name RETURNING "Next" """, count);
            return Convert.ToInt64(await update.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static DbCommand Command(DbConnection connection, string sql, int count)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var name = command.CreateParameter();
        name.ParameterName = "name";
        name.Value = CounterName;
        command.Parameters.Add(name);
        var size = command.CreateParameter();
        size.ParameterName = "count";
        size.Value = (long)count;
        command.Parameters.Add(size);
        return command;
    }
}
