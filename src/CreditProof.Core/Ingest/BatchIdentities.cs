using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CreditProof.Ingest;

/// <summary>
/// The identities (unit, document number; the type is the batch's) a batch has seen, each with the row it first
/// appeared on, so that a second row with the same identity is rejected naming the first. Kept as 64-bit hashes: two
/// different identities collide with a probability of about 1 in 10^7 in a batch of a million rows.
/// <para>
/// Memory stays bounded whatever the file size: the first <see cref="InMemoryLimit"/> identities live in a dictionary
/// (about 7 MB at the limit); a larger batch moves them to a private temporary SQLite database, whose pages stay within
/// a 32 MB cache and spill to a temporary file that SQLite deletes when the batch ends. The lookups there run on the
/// reading stage's thread, which has time to spare: a million-row import takes as long either way (docs/performance.md).
/// </para>
/// </summary>
internal sealed class BatchIdentities : IDisposable
{
    public const int DefaultInMemoryLimit = 1 << 18;
    private const int SpillCacheKiB = 32 * 1024;

    private readonly Dictionary<ulong, int> _memory = [];
    private SqliteConnection? _spill;
    private sqlite3_stmt? _insert;
    private sqlite3_stmt? _find;

    public BatchIdentities(int inMemoryLimit = DefaultInMemoryLimit) => InMemoryLimit = inMemoryLimit;

    public int InMemoryLimit { get; }

    public int Count { get; private set; }

    /// <summary>Whether the identities have moved to the temporary database.</summary>
    public bool Spilled => _spill is not null;

    /// <summary>The row that already had this identity, or null (and the identity is now recorded as first seen on <paramref name="row"/>).</summary>
    public int? FirstRowOf(int unitId, string documentNumber, int row)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(documentNumber.AsSpan()), seed: unitId);
        if (_spill is null)
        {
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(_memory, hash, out var exists);
            if (exists)
                return first;
            first = row;
            if (++Count >= InMemoryLimit)
                Spill();
            return null;
        }

        if (Insert(hash, row))
        {
            Count++;
            return null;
        }

        raw.sqlite3_bind_int64(_find, 1, unchecked((long)hash));
        var rc = raw.sqlite3_step(_find);
        var firstRow = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int(_find, 0) : (int?)null;
        raw.sqlite3_reset(_find);
        return firstRow ?? throw Failure(rc);
    }

    private void Spill()
    {
        // An empty file name makes SQLite open a private, temporary on-disk database, deleted when it is closed.
        _spill = new SqliteConnection("Data Source=;Pooling=False");
        _spill.Open();
        using (var setup = _spill.CreateCommand())
        {
            setup.CommandText = $"""
                PRAGMA cache_size = -{SpillCacheKiB};
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = OFF;
                CREATE TABLE seen (hash INTEGER PRIMARY KEY, first_row INTEGER NOT NULL);
                BEGIN;
                """;
            setup.ExecuteNonQuery();
        }

        _insert = Prepare("INSERT INTO seen (hash, first_row) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING");
        _find = Prepare("SELECT first_row FROM seen WHERE hash = ?1");
        foreach (var (hash, row) in _memory)
            Insert(hash, row);
        _memory.Clear();
        _memory.TrimExcess();
    }

    /// <summary>Records the identity; false when it was already there.</summary>
    private bool Insert(ulong hash, int row)
    {
        raw.sqlite3_bind_int64(_insert, 1, unchecked((long)hash));
        raw.sqlite3_bind_int(_insert, 2, row);
        var rc = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        return rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_spill!.Handle) == 1 : throw Failure(rc);
    }

    private sqlite3_stmt Prepare(string sql) =>
        raw.sqlite3_prepare_v2(_spill!.Handle, sql, out var statement) == raw.SQLITE_OK ? statement : throw Failure(raw.sqlite3_errcode(_spill.Handle));

    private SqliteException Failure(int rc) =>
        new($"The batch's identity table (temporary database): {raw.sqlite3_errmsg(_spill!.Handle).utf8_to_string()}", rc);

    public void Dispose()
    {
        _insert?.Dispose();
        _find?.Dispose();
        _spill?.Dispose();
    }
}
