using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;

namespace CreditProof.Storage;

/// <summary>
/// Writes many entities of one table at database speed: SQLite through one prepared INSERT reused for every row,
/// PostgreSQL through binary COPY. Columns and conversions come from the EF Core model, so the rows read back
/// through the DbContext exactly as if EF had written them. The caller owns the transaction.
/// </summary>
public sealed class BulkWriter
{
    private readonly CreditProofDbContext _db;

    public BulkWriter(CreditProofDbContext db) => _db = db;

    public async Task<long> WriteAsync<T>(IEnumerable<T> rows, CancellationToken ct = default) where T : class
    {
        var table = TableShape.For(_db.Model, typeof(T));
        var connection = _db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await _db.Database.OpenConnectionAsync(ct);

        return connection switch
        {
            SqliteConnection sqlite => WriteSqlite(sqlite, _db.Database.CurrentTransaction?.GetDbTransaction(), table, rows, ct),
            NpgsqlConnection npgsql => await WritePostgresAsync(npgsql, table, rows, ct),
            _ => throw new NotSupportedException($"Bulk writing is not supported on {connection.GetType().Name}."),
        };
    }

    private static long WriteSqlite<T>(SqliteConnection connection, DbTransaction? transaction, TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
        var parameters = new DbParameter[table.Columns.Count];
        for (var i = 0; i < table.Columns.Count; i++)
            parameters[i] = table.Columns[i].Mapping.CreateParameter(command, $"@p{i}", null, nullable: true);
        command.Parameters.AddRange(parameters);
        command.Prepare();

        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = table.Columns[i].ProviderValue(row!) ?? DBNull.Value;
            command.ExecuteNonQuery();
            if (++count % 10_000 == 0)
                ct.ThrowIfCancellationRequested();
        }

        return count;
    }

    private static async Task<long> WritePostgresAsync<T>(NpgsqlConnection connection, TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        var copy = $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        // Synchronous writes per value: the importer buffers, and the async path costs a state machine per field.
        var count = WriteRows(importer, table, rows, ct);
        await importer.CompleteAsync(ct);
        return count;
    }

    private static long WriteRows<T>(NpgsqlBinaryImporter importer, TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        long count = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var column in table.Columns)
            {
                var value = column.ProviderValue(row!);
                if (value is null)
                    importer.WriteNull();
                else
                    importer.Write(value, column.NpgsqlDbType ?? throw new NotSupportedException($"No PostgreSQL type for column {table.Name}.{column.Name}."));
            }

            if (++count % 10_000 == 0)
                ct.ThrowIfCancellationRequested();
        }

        return count;
    }

    private sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns)
    {
        private static readonly Dictionary<(IModel, Type), TableShape> Cache = [];
        private static readonly Lock CacheLock = new();

        public static TableShape For(IModel model, Type clrType)
        {
            lock (CacheLock)
            {
                if (Cache.TryGetValue((model, clrType), out var cached))
                    return cached;
                var shape = Build(model, clrType);
                Cache[(model, clrType)] = shape;
                return shape;
            }
        }

        private static TableShape Build(IModel model, Type clrType)
        {
            var entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
            var root = entity.GetRootType();
            var tableName = root.GetTableName()!;
            var table = StoreObjectIdentifier.Table(tableName, root.GetSchema());
            var columns = new List<ColumnShape>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var type in root.GetDerivedTypesInclusive())
            {
                foreach (var property in type.GetDeclaredProperties())
                {
                    // Store-generated keys (identity columns) are left to the database.
                    if (property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey() && property.ClrType != typeof(Guid))
                        continue;
                    var name = property.GetColumnName(table)!;
                    if (!seen.Add(name))
                        continue;
                    var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                    columns.Add(new ColumnShape(name, property, mapping, (mapping as INpgsqlTypeMapping)?.NpgsqlDbType ?? PostgresTypeOf(mapping)));
                }
            }

            return new TableShape(tableName, columns);
        }

        /// <summary>Base relational mappings (e.g. an enum stored as its number) carry no Npgsql type: derive it from the provider type.</summary>
        private static NpgsqlTypes.NpgsqlDbType? PostgresTypeOf(RelationalTypeMapping mapping)
        {
            var providerType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            return Type.GetTypeCode(providerType) switch
            {
                TypeCode.Int16 => NpgsqlTypes.NpgsqlDbType.Smallint,
                TypeCode.Int32 => NpgsqlTypes.NpgsqlDbType.Integer,
                TypeCode.Int64 => NpgsqlTypes.NpgsqlDbType.Bigint,
                TypeCode.Boolean => NpgsqlTypes.NpgsqlDbType.Boolean,
                TypeCode.String => NpgsqlTypes.NpgsqlDbType.Text,
                TypeCode.DateTime => NpgsqlTypes.NpgsqlDbType.TimestampTz,
                TypeCode.Decimal => NpgsqlTypes.NpgsqlDbType.Numeric,
                _ when providerType == typeof(Guid) => NpgsqlTypes.NpgsqlDbType.Uuid,
                _ when providerType == typeof(DateOnly) => NpgsqlTypes.NpgsqlDbType.Date,
                _ when providerType == typeof(byte[]) => NpgsqlTypes.NpgsqlDbType.Bytea,
                _ => null,
            };
        }
    }

    private sealed record ColumnShape(string Name, IProperty Property, RelationalTypeMapping Mapping, NpgsqlTypes.NpgsqlDbType? NpgsqlDbType)
    {
        private readonly IClrPropertyGetter? _getter = Property.IsShadowProperty() ? null : Property.GetGetter();

        public object? ProviderValue(object entity)
        {
            if (_getter is null || !Property.DeclaringType.ClrType.IsInstanceOfType(entity))
                return null;
            var value = _getter.GetClrValueUsingContainingEntity(entity);
            if (value is null)
                return null;
            return Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }
}
