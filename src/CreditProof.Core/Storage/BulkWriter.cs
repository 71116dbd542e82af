using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;
using NpgsqlTypes;

namespace CreditProof.Storage;

/// <summary>
/// Writes many new entities at database speed: SQLite through one prepared INSERT per table, bound by position and
/// reused for every row and every call; PostgreSQL through binary COPY. Columns and conversions come from the EF Core model, so the rows read back
/// through the DbContext exactly as if EF had written them. Writes join the context's current transaction, if any:
/// nothing is visible to others before it commits.
/// </summary>
public abstract class BulkWriter : IDisposable
{
    private protected BulkWriter(CreditProofDbContext db) => Db = db;

    private protected CreditProofDbContext Db { get; }

    private protected DbConnection Connection => Db.Database.GetDbConnection();

    private protected DbTransaction? Transaction => Db.Database.CurrentTransaction?.GetDbTransaction();

    public static BulkWriter For(CreditProofDbContext db) =>
        db.Database.IsNpgsql() ? new PostgresBulkWriter(db) : new SqliteBulkWriter(db);

    /// <summary>Inserts the rows into the table of <typeparamref name="T"/> (the whole TPH hierarchy's columns) and returns how many.</summary>
    public async Task<long> WriteAsync<T>(IEnumerable<T> rows, CancellationToken ct = default)
        where T : class
    {
        if (Connection.State != System.Data.ConnectionState.Open)
            await Db.Database.OpenConnectionAsync(ct);
        return await WriteAsync(TableShape.For(Db.Model, typeof(T)), rows.Select(Scrubbed), ct);

        // As every SaveChanges does: no full ID number in any text column (Privacy.PersonalText).
        T Scrubbed(T row)
        {
            Privacy.PersonalText.Scrub(Db.Model.FindEntityType(row.GetType())!, row);
            return row;
        }
    }

    private protected abstract Task<long> WriteAsync<T>(TableShape table, IEnumerable<T> rows, CancellationToken ct)
        where T : class;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

internal sealed class PostgresBulkWriter(CreditProofDbContext db) : BulkWriter(db)
{
    private protected override async Task<long> WriteAsync<T>(TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)Connection;
        var copy = $"COPY {TableShape.Quote(table.Name)} ({string.Join(", ", table.Columns.Select(c => TableShape.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        // Synchronous writes per value: the importer buffers, and the async path costs a state machine per field.
        var count = WriteRows(importer, table, rows, ct);
        await importer.CompleteAsync(ct);
        return count;
    }

    private static long WriteRows<T>(NpgsqlBinaryImporter importer, TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        var columns = table.Columns;
        long count = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < columns.Count; i++)
                columns[i].WriteCopy(importer, row!);

            if (++count % 10_000 == 0)
                ct.ThrowIfCancellationRequested();
        }

        return count;
    }
}

/// <summary>A table as the EF Core model maps it: the columns of the whole TPH hierarchy, except database-generated keys.</summary>
internal sealed class TableShape
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, TableShape>> Cache = [];

    private TableShape(string name, IReadOnlyList<TableColumn> columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public static TableShape For(IModel model, Type clrType) =>
        Cache.GetValue(model, _ => new()).GetOrAdd(clrType, type => Build(model, type));

    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static TableShape Build(IModel model, Type clrType)
    {
        var root = (model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.")).GetRootType();
        var tableName = root.GetTableName()!;
        var table = StoreObjectIdentifier.Table(tableName, root.GetSchema());
        var columns = new List<TableColumn>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in root.GetDerivedTypesInclusive())
        {
            foreach (var property in type.GetDeclaredProperties())
            {
                // Store-generated keys (identity columns) are left to the database.
                if (property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey() && property.ClrType != typeof(Guid))
                    continue;
                var name = property.GetColumnName(table)!;
                if (seen.Add(name))
                    columns.Add(new TableColumn(name, property, (RelationalTypeMapping)property.GetRelationalTypeMapping()));
            }
        }

        return new TableShape(tableName, columns);
    }
}

/// <summary>A column with a reader that turns an entity's property into the provider value, and its typed binary COPY write.</summary>
internal sealed class TableColumn
{
    private readonly IClrPropertyGetter? _getter;
    private readonly Type _declaringType;
    private readonly Action<NpgsqlBinaryImporter, object> _writeCopy;

    public TableColumn(string name, IProperty property, RelationalTypeMapping mapping)
    {
        Name = name;
        Mapping = mapping;
        GuidAsBlob = string.Equals(mapping.StoreType, "BLOB", StringComparison.OrdinalIgnoreCase);
        _getter = property.IsShadowProperty() ? null : property.GetGetter();
        _declaringType = property.DeclaringType.ClrType;
        var dbType = (mapping as INpgsqlTypeMapping)?.NpgsqlDbType ?? PostgresTypeOf(mapping);
        var write = CopyWriter(dbType, name);
        _writeCopy = CompileCopy(property, mapping, dbType) ?? ((importer, entity) =>
        {
            if (Read(entity) is { } value)
                write(importer, value);
            else
                importer.WriteNull();
        });
    }

    public string Name { get; }

    public RelationalTypeMapping Mapping { get; }

    /// <summary>SQLite: a GUID column declared BLOB holds the 16 bytes, any other the upper-case text.</summary>
    public bool GuidAsBlob { get; }

    /// <summary>The value to store, or null (also for a column of a sibling type in the hierarchy).</summary>
    public object? Read(object entity)
    {
        if (_getter is null || !_declaringType.IsInstanceOfType(entity))
            return null;
        var value = _getter.GetClrValueUsingContainingEntity(entity);
        if (value is null)
            return null;
        return Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    /// <summary>Writes this column of the entity into the current COPY row (null for a sibling type's column).</summary>
    public void WriteCopy(NpgsqlBinaryImporter importer, object entity) => _writeCopy(importer, entity);

    /// <summary>
    /// The column's COPY write compiled for its property: typed read, conversion and write, no boxing per value (a large
    /// import writes tens of millions of values). Null when the property has no CLR property to read (shadow, field-only).
    /// </summary>
    private static Action<NpgsqlBinaryImporter, object>? CompileCopy(IProperty property, RelationalTypeMapping mapping, NpgsqlDbType? dbType)
    {
        if (property.PropertyInfo is not { GetMethod: not null } info || dbType is not { } type || property.DeclaringType.ClrType.IsValueType)
            return null;
        var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
        var entity = Expression.Parameter(typeof(object), "entity");
        var row = Expression.Variable(property.DeclaringType.ClrType, "row");
        var writeNull = Expression.Call(importer, typeof(NpgsqlBinaryImporter).GetMethod(nameof(NpgsqlBinaryImporter.WriteNull), Type.EmptyTypes)!);

        Expression value = Expression.Property(row, info);
        var underlying = Nullable.GetUnderlyingType(info.PropertyType);
        Expression hasValue = underlying is not null ? Expression.Property(value, nameof(Nullable<int>.HasValue))
            : info.PropertyType.IsValueType ? Expression.Constant(true) : Expression.NotEqual(value, Expression.Constant(null, info.PropertyType));
        if (underlying is not null)
            value = Expression.Property(value, nameof(Nullable<int>.Value));
        if (mapping.Converter is { } converter)
            value = Expression.Invoke(converter.ConvertToProviderExpression, Expression.Convert(value, converter.ModelClrType));
        var providerType = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
        if (providerType != value.Type)
            value = Expression.Convert(value, providerType);
        var write = Expression.Call(importer, WriteTyped.MakeGenericMethod(providerType), value, Expression.Constant(type));

        var body = Expression.Block(
            [row],
            Expression.Assign(row, Expression.TypeAs(entity, row.Type)),
            Expression.IfThenElse(Expression.AndAlso(Expression.NotEqual(row, Expression.Constant(null, row.Type)), hasValue), write, writeNull));
        return Expression.Lambda<Action<NpgsqlBinaryImporter, object>>(body, importer, entity).Compile();
    }

    private static readonly MethodInfo WriteTyped = typeof(NpgsqlBinaryImporter).GetMethods()
        .Single(m => m is { Name: nameof(NpgsqlBinaryImporter.Write), IsGenericMethodDefinition: true }
            && m.GetParameters() is [_, { ParameterType: var t }] && t == typeof(NpgsqlDbType));

    /// <summary>A typed write chosen once: binary COPY must send exactly the column's type, and the typed path skips a lookup per value.</summary>
    private static Action<NpgsqlBinaryImporter, object> CopyWriter(NpgsqlDbType? type, string column) => type switch
    {
        NpgsqlDbType.Uuid => (w, v) => w.Write((Guid)v, NpgsqlDbType.Uuid),
        NpgsqlDbType.Integer => (w, v) => w.Write((int)v, NpgsqlDbType.Integer),
        NpgsqlDbType.Bigint => (w, v) => w.Write((long)v, NpgsqlDbType.Bigint),
        NpgsqlDbType.Smallint => (w, v) => w.Write((short)v, NpgsqlDbType.Smallint),
        NpgsqlDbType.Boolean => (w, v) => w.Write((bool)v, NpgsqlDbType.Boolean),
        NpgsqlDbType.Varchar => (w, v) => w.Write((string)v, NpgsqlDbType.Varchar),
        NpgsqlDbType.Text => (w, v) => w.Write((string)v, NpgsqlDbType.Text),
        NpgsqlDbType.Date => (w, v) => w.Write((DateOnly)v, NpgsqlDbType.Date),
        NpgsqlDbType.TimestampTz => (w, v) => w.Write((DateTime)v, NpgsqlDbType.TimestampTz),
        NpgsqlDbType.Numeric => (w, v) => w.Write((decimal)v, NpgsqlDbType.Numeric),
        { } other => (w, v) => w.Write(v, other),
        null => (_, _) => throw new NotSupportedException($"No PostgreSQL type for column {column}."),
    };

    /// <summary>Base relational mappings (e.g. an enum stored as its number) carry no Npgsql type: derive it from the provider type.</summary>
    private static NpgsqlDbType? PostgresTypeOf(RelationalTypeMapping mapping)
    {
        var providerType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        return Type.GetTypeCode(providerType) switch
        {
            TypeCode.Int16 => NpgsqlDbType.Smallint,
            TypeCode.Int32 => NpgsqlDbType.Integer,
            TypeCode.Int64 => NpgsqlDbType.Bigint,
            TypeCode.Boolean => NpgsqlDbType.Boolean,
            TypeCode.String => NpgsqlDbType.Text,
            TypeCode.DateTime => NpgsqlDbType.TimestampTz,
            TypeCode.Decimal => NpgsqlDbType.Numeric,
            _ when providerType == typeof(Guid) => NpgsqlDbType.Uuid,
            _ when providerType == typeof(DateOnly) => NpgsqlDbType.Date,
            _ when providerType == typeof(byte[]) => NpgsqlDbType.Bytea,
            _ => null,
        };
    }
}
