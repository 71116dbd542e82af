using System.Data.Common;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

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

    public string InsertSql(string parameterPrefix) =>
        $"INSERT INTO {Quoted(Table)} ({string.Join(", ", Columns.Select(c => Quoted(c.Name)))}) VALUES ({string.Join(", ", Columns.Select((_, i) => parameterPrefix + "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
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

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

internal sealed class SqliteBulkWriter(CreditProofDbContext db) : BulkWriter(db)
{
    private readonly Dictionary<TableShape, DbCommand> _commands = [];

    public override async Task InsertAsync<T>(TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        if (!_commands.TryGetValue(shape, out var command))
        {
            command = Connection.CreateCommand();
            command.Transaction = Transaction;
            command.CommandText = shape.InsertSql("$");
            for (var i = 0; i < shape.Columns.Count; i++)
                command.Parameters.Add(shape.Columns[i].Mapping.CreateParameter(command, "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, nullable: true));
            await command.PrepareAsync(ct);
            _commands[shape] = command;
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < shape.Columns.Count; i++)
                command.Parameters[i].Value = shape.Columns[i].Read(row) ?? DBNull.Value;
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

internal sealed class PostgresBulkWriter(CreditProofDbContext db) : BulkWriter(db)
{
    public override async Task InsertAsync<T>(TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)Connection;
        var types = shape.Columns.Select(c => c.Mapping.StoreTypeNameBase).ToArray();
        var copy = $"COPY {shape.Quoted(shape.Table)} ({string.Join(", ", shape.Columns.Select(c => shape.Quoted(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < types.Length; i++)
            {
                if (shape.Columns[i].Read(row) is { } value)
                    await importer.WriteAsync(value, types[i], ct);
                else
                    await importer.WriteNullAsync(ct);
            }
        }

        await importer.CompleteAsync(ct);
    }
}
