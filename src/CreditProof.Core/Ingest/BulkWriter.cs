using System.Data.Common;
using System.Text.Json;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CreditProof.Ingest;

/// <summary>A column of a table as EF Core maps it, with a reader that turns an entity's property into the provider value.</summary>
internal sealed record TableColumn(string Name, RelationalTypeMapping Mapping, Func<object, object?> Read);

/// <summary>The columns of an entity's table taken from the EF Core model, so that bulk writes follow the migrations.</summary>
internal sealed class TableShape
{
    private TableShape(string table, IReadOnlyList<TableColumn> columns)
    {
        Table = table;
        Columns = columns;
    }

    public string Table { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>All mapped columns of the hierarchy rooted at <typeparamref name="T"/> (TPH), except database-generated keys.</summary>
    public static TableShape For<T>(IModel model)
    {
        var root = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(root.GetTableName()!, root.GetSchema());
        var columns = new List<TableColumn>();
        foreach (var type in root.GetDerivedTypesInclusive())
        {
            foreach (var property in type.GetDeclaredProperties())
            {
                if (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && property.ClrType != typeof(Guid))
                    continue;
                var mapping = (RelationalTypeMapping)property.GetTypeMapping();
                var getter = property.GetGetter();
                var converter = mapping.Converter;
                var clr = type.ClrType;
                columns.Add(new TableColumn(property.GetColumnName(table)!, mapping, entity =>
                {
                    if (!clr.IsInstanceOfType(entity))
                        return null;
                    var value = getter.GetClrValue(entity);
                    return value is null || converter is null ? value : converter.ConvertToProvider(value);
                }));
            }
        }

        return new TableShape(table.Name, columns);
    }

    public string Quoted(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Writes many new rows inside the context's current transaction: SQLite with one prepared INSERT reused for every row,
/// PostgreSQL with binary COPY. Nothing is visible to others before the transaction commits.
/// </summary>
internal abstract class BulkWriter : IDisposable
{
    protected BulkWriter(CreditProofDbContext db)
    {
        Connection = db.Database.GetDbConnection();
        Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes need an open transaction.");
    }

    protected DbConnection Connection { get; }

    protected DbTransaction Transaction { get; }

    public static BulkWriter For(CreditProofDbContext db) =>
        db.Database.IsNpgsql() ? new PostgresBulkWriter(db) : new SqliteBulkWriter(db);

    public abstract Task InsertAsync<T>(TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class;

    /// <summary>The ids of the subjects that have these codes.</summary>
    public async Task<Dictionary<string, Guid>> FindSubjectsAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        await using var command = Command($"SELECT \"Code\", \"Id\" FROM subjects WHERE \"Code\" {InList("@codes")}");
        AddList(command, "@codes", codes);
        var found = new Dictionary<string, Guid>(codes.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found[reader.GetString(0)] = reader.GetGuid(1);
        return found;
    }

    /// <summary>The current state of the records of one unit and type with these document numbers, with the snapshot of their current version.</summary>
    public async Task<Dictionary<string, ExistingRecord>> FindRecordsAsync(int unitId, Records.RecordType type, IReadOnlyCollection<string> documents, CancellationToken ct)
    {
        await using var command = Command($"""
            SELECT r."Id", r."DocumentNumber", r."Version", r."SubjectId", r."ReceivedAt", r."ReportingDelayWorkingDays", v."SnapshotJson"
            FROM records r LEFT JOIN record_versions v ON v."RecordId" = r."Id" AND v."Version" = r."Version"
            WHERE r."UnitId" = @unit AND r."Type" = @type AND r."DocumentNumber" {InList("@documents")}
            """);
        AddValue(command, "@unit", unitId);
        AddValue(command, "@type", (int)type);
        AddList(command, "@documents", documents);
        var found = new Dictionary<string, ExistingRecord>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetString(1)] = new ExistingRecord(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3),
                DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }

        return found;
    }

    /// <summary>SQLite: <c>IN (SELECT value FROM json_each(…))</c>; PostgreSQL: <c>= ANY(…)</c>. Both use the index.</summary>
    protected abstract string InList(string parameter);

    protected abstract void AddList(DbCommand command, string name, IReadOnlyCollection<string> values);

    private static void AddValue(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

internal sealed class SqliteBulkWriter : BulkWriter
{
    public SqliteBulkWriter(CreditProofDbContext db)
        : base(db)
    {
        // A batch is one transaction: a 32 MB page cache (default 2 MB) keeps the hot index pages of a large batch in
        // memory instead of spilling them to the WAL and reading them back.
        using var pragma = Connection.CreateCommand();
        pragma.Transaction = Transaction;
        pragma.CommandText = "PRAGMA cache_size = -32768";
        pragma.ExecuteNonQuery();
    }

    protected override string InList(string parameter) => $"IN (SELECT value FROM json_each({parameter}))";

    protected override void AddList(DbCommand command, string name, IReadOnlyCollection<string> values)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = JsonSerializer.Serialize(values);
        command.Parameters.Add(p);
    }

    private readonly Dictionary<TableShape, DbCommand> _commands = [];

    public override async Task InsertAsync<T>(TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        if (!_commands.TryGetValue(shape, out var command))
        {
            command = Connection.CreateCommand();
            command.Transaction = Transaction;
            var names = shape.Columns.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            command.CommandText = $"INSERT INTO {shape.Quoted(shape.Table)} ({string.Join(", ", shape.Columns.Select(c => shape.Quoted(c.Name)))}) VALUES ({string.Join(", ", names)})";
            for (var i = 0; i < shape.Columns.Count; i++)
                command.Parameters.Add(shape.Columns[i].Mapping.CreateParameter(command, names[i], null, nullable: true));
            await command.PrepareAsync(ct);
            _commands[shape] = command;
        }

        var columns = shape.Columns;
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                command.Parameters[i].Value = columns[i].Read(row) ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    public override void Dispose()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        _commands.Clear();
        base.Dispose();
    }
}

internal sealed class PostgresBulkWriter : BulkWriter
{
    public PostgresBulkWriter(CreditProofDbContext db)
        : base(db)
    {
        // The tables grow inside the batch's transaction, where no ANALYZE sees them: statistics that say "empty" would
        // make the identity lookups scan the whole table for every chunk. The indexes are always the right path here.
        using var set = Connection.CreateCommand();
        set.Transaction = Transaction;
        set.CommandText = "SET LOCAL enable_seqscan = off";
        set.ExecuteNonQuery();
    }

    protected override string InList(string parameter) => $"= ANY({parameter})";

    protected override void AddList(DbCommand command, string name, IReadOnlyCollection<string> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, values.ToArray()));

    private readonly Dictionary<TableShape, Action<NpgsqlBinaryImporter, object>[]> _writers = [];

    public override async Task InsertAsync<T>(TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        if (!_writers.TryGetValue(shape, out var writers))
            _writers[shape] = writers = [.. shape.Columns.Select(c => ColumnWriter(c.Mapping.StoreTypeNameBase))];
        var connection = (NpgsqlConnection)Connection;
        var copy = $"COPY {shape.Quoted(shape.Table)} ({string.Join(", ", shape.Columns.Select(c => shape.Quoted(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < writers.Length; i++)
            {
                if (shape.Columns[i].Read(row) is { } value)
                    writers[i](importer, value);
                else
                    importer.WriteNull();
            }
        }

        await importer.CompleteAsync(ct);
    }

    /// <summary>A typed write per column, chosen once: binary COPY must send exactly the column's type.</summary>
    private static Action<NpgsqlBinaryImporter, object> ColumnWriter(string storeType) => storeType switch
    {
        "uuid" => (w, v) => w.Write((Guid)v, NpgsqlDbType.Uuid),
        "integer" => (w, v) => w.Write((int)v, NpgsqlDbType.Integer),
        "bigint" => (w, v) => w.Write((long)v, NpgsqlDbType.Bigint),
        "smallint" => (w, v) => w.Write((short)v, NpgsqlDbType.Smallint),
        "boolean" => (w, v) => w.Write((bool)v, NpgsqlDbType.Boolean),
        "character varying" => (w, v) => w.Write((string)v, NpgsqlDbType.Varchar),
        "text" => (w, v) => w.Write((string)v, NpgsqlDbType.Text),
        "date" => (w, v) => w.Write((DateOnly)v, NpgsqlDbType.Date),
        "timestamp with time zone" => (w, v) => w.Write((DateTime)v, NpgsqlDbType.TimestampTz),
        "numeric" => (w, v) => w.Write((decimal)v, NpgsqlDbType.Numeric),
        _ => (w, v) => w.Write(v, storeType),
    };
}

internal sealed record ExistingRecord(Guid Id, string DocumentNumber, int Version, Guid SubjectId, DateTime ReceivedAt, int? ReportingDelayWorkingDays, string? SnapshotJson);
