using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CreditProof.Storage;

/// <summary>
/// One prepared INSERT per table on SQLite's own statement interface, bound by position. The ADO.NET command looks each
/// parameter up by name and converts each string through a fresh buffer on every execution; for a million-row import
/// that was as much work as SQLite's own. Values are stored exactly as Microsoft.Data.Sqlite stores them
/// (<see cref="SqliteValues"/>), so EF Core reads and queries them as its own.
/// </summary>
internal sealed class SqliteBulkWriter(CreditProofDbContext db) : BulkWriter(db)
{
    private readonly Dictionary<TableShape, sqlite3_stmt> _inserts = [];
    private readonly SqliteValues _values = new();
    private sqlite3? _preparedOn;

    private protected override Task<long> WriteAsync<T>(TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        var handle = ((SqliteConnection)Connection).Handle!;
        if (!ReferenceEquals(handle, _preparedOn))
        {
            // The connection was closed and opened again since the last write: statements belong to their connection.
            FinalizeStatements();
            _preparedOn = handle;
        }

        if (!_inserts.TryGetValue(table, out var statement))
        {
            var names = table.Columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture));
            var sql = $"INSERT INTO {TableShape.Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => TableShape.Quote(c.Name)))}) " +
                      $"VALUES ({string.Join(", ", names)})";
            SqliteValues.Check(raw.sqlite3_prepare_v2(handle, sql, out statement), handle, table.Name);
            _inserts[table] = statement;
        }

        var columns = table.Columns;
        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                _values.Bind(statement, i + 1, columns[i].Read(row!), columns[i].GuidAsBlob);
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                // The message is the statement's until it is reset; a constraint failure names the table and the constraint.
                var error = new SqliteException($"{table.Name}, row {count + 1} of this write: {raw.sqlite3_errmsg(handle).utf8_to_string()}",
                    rc, raw.sqlite3_extended_errcode(handle));
                raw.sqlite3_reset(statement);
                throw error;
            }

            raw.sqlite3_reset(statement);
            if (++count % 10_000 == 0)
                ct.ThrowIfCancellationRequested();
        }

        return Task.FromResult(count);
    }

    protected override void Dispose(bool disposing)
    {
        FinalizeStatements();
        base.Dispose(disposing);
    }

    private void FinalizeStatements()
    {
        foreach (var statement in _inserts.Values)
            statement.Dispose();
        _inserts.Clear();
    }
}

/// <summary>
/// Binds a provider value to a statement parameter as Microsoft.Data.Sqlite would: integers (and booleans) as INTEGER,
/// strings as UTF-8 TEXT, GUIDs as upper-case TEXT (or BLOB where the column is one), dates and times as ISO-like TEXT,
/// decimals as TEXT with at least one decimal place. Formats into reused buffers: no allocation per value.
/// </summary>
internal sealed class SqliteValues
{
    private byte[] _utf8 = new byte[1024];
    private readonly char[] _chars = new char[64];

    public void Bind(sqlite3_stmt statement, int index, object? value, bool guidAsBlob)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string s => BindText(statement, index, s),
            int n => raw.sqlite3_bind_int64(statement, index, n),
            long n => raw.sqlite3_bind_int64(statement, index, n),
            short n => raw.sqlite3_bind_int64(statement, index, n),
            byte n => raw.sqlite3_bind_int64(statement, index, n),
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            Guid g when guidAsBlob => raw.sqlite3_bind_blob(statement, index, g.ToByteArray()),
            Guid g => BindFormatted(statement, index, g, "D", upperCase: true),
            DateTime d => BindFormatted(statement, index, d, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF"),
            DateOnly d => BindFormatted(statement, index, d, @"yyyy\-MM\-dd"),
            DateTimeOffset d => BindFormatted(statement, index, d, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz"),
            decimal m => BindFormatted(statement, index, m, "0.0###########################"),
            double d when !double.IsNaN(d) => raw.sqlite3_bind_double(statement, index, d),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            _ => throw new NotSupportedException($"Parameter {index}: the bulk writer does not store values of type {value.GetType().Name} ({value})."),
        };
        if (rc != raw.SQLITE_OK)
            throw new SqliteException($"Parameter {index}: binding failed with SQLite code {rc}.", rc);
    }

    public static void Check(int rc, sqlite3 handle, string table)
    {
        if (rc != raw.SQLITE_OK)
            throw new SqliteException($"{table}: {raw.sqlite3_errmsg(handle).utf8_to_string()}", rc, raw.sqlite3_extended_errcode(handle));
    }

    private int BindFormatted<T>(sqlite3_stmt statement, int index, T value, string format, bool upperCase = false)
        where T : ISpanFormattable
    {
        if (!value.TryFormat(_chars, out var length, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"Parameter {index}: {value} does not fit the format buffer.");
        var text = _chars.AsSpan(0, length);
        if (upperCase)
            System.Text.Ascii.ToUpperInPlace(text, out _);
        return BindText(statement, index, text);
    }

    private int BindText(sqlite3_stmt statement, int index, ReadOnlySpan<char> text)
    {
        // An empty span would reach SQLite as a null pointer, which binds NULL instead of ''.
        if (text.IsEmpty)
            return raw.sqlite3_bind_text(statement, index, string.Empty);
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < most)
            _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length));
    }
}
