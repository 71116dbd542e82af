using System.Data.Common;
using System.Text.Json;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CreditProof.Ingest;

/// <summary>
/// Finds, for one chunk of rows, the subjects and records that already exist, inside the batch's transaction (so rows
/// written by earlier chunks count). One statement per chunk, each key one index probe: the cost stays the same per
/// chunk however large the tables grow.
/// </summary>
internal abstract class RecordLookup : IDisposable
{
    private readonly CreditProofDbContext _db;
    private DbCommand? _subjects;
    private DbCommand? _records;

    private protected RecordLookup(CreditProofDbContext db) => _db = db;

    public static RecordLookup For(CreditProofDbContext db) =>
        db.Database.IsNpgsql() ? new PostgresRecordLookup(db) : new SqliteRecordLookup(db);

    /// <summary>The ids of the subjects that have these codes.</summary>
    public async Task<Dictionary<string, Guid>> FindSubjectsAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        var command = _subjects ??= Command(SubjectsSql, "@codes");
        Bind(command, 0, codes);
        var found = new Dictionary<string, Guid>(codes.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found[reader.GetString(0)] = reader.GetGuid(1);
        return found;
    }

    /// <summary>The current state of the records of one unit and type with these document numbers, with the snapshot of their current version.</summary>
    public async Task<Dictionary<string, ExistingRecord>> FindRecordsAsync(int unitId, RecordType type, IReadOnlyCollection<string> documents, CancellationToken ct)
    {
        var command = _records ??= Command(RecordsSql, "@documents", "@unit", "@type");
        Bind(command, 0, documents);
        command.Parameters[1].Value = unitId;
        command.Parameters[2].Value = (int)type;
        var found = new Dictionary<string, ExistingRecord>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[reader.GetString(1)] = new ExistingRecord(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3),
                DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }

        return found;
    }

    /// <summary>Code and id of the subjects whose code is in the list bound to <c>@codes</c>.</summary>
    private protected abstract string SubjectsSql { get; }

    /// <summary>
    /// Id, document number, version, subject, receipt, delay and current snapshot of the records of <c>@unit</c> and
    /// <c>@type</c> whose document number is in the list bound to <c>@documents</c>.
    /// </summary>
    private protected abstract string RecordsSql { get; }

    private protected abstract DbParameter ListParameter(DbCommand command, string name);

    private protected abstract void Bind(DbCommand command, int index, IReadOnlyCollection<string> values);

    private DbCommand Command(string sql, string list, params string[] scalars)
    {
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.Parameters.Add(ListParameter(command, list));
        foreach (var name in scalars)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.DbType = System.Data.DbType.Int32;
            command.Parameters.Add(p);
        }

        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _subjects?.Dispose();
        _records?.Dispose();
    }
}

internal sealed class SqliteRecordLookup(CreditProofDbContext db) : RecordLookup(db)
{
    // SQLite probes the unique indexes once per list element for IN (…) on the last indexed column.
    private protected override string SubjectsSql => """
        SELECT "Code", "Id" FROM subjects WHERE "Code" IN (SELECT value FROM json_each(@codes))
        """;

    private protected override string RecordsSql => """
        SELECT r."Id", r."DocumentNumber", r."Version", r."SubjectId", r."ReceivedAt", r."ReportingDelayWorkingDays", v."SnapshotJson"
        FROM records r LEFT JOIN record_versions v ON v."RecordId" = r."Id" AND v."Version" = r."Version"
        WHERE r."UnitId" = @unit AND r."Type" = @type AND r."DocumentNumber" IN (SELECT value FROM json_each(@documents))
        """;

    private protected override DbParameter ListParameter(DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.DbType = System.Data.DbType.String;
        return p;
    }

    private protected override void Bind(DbCommand command, int index, IReadOnlyCollection<string> values) =>
        command.Parameters[index].Value = JsonSerializer.Serialize(values);
}

internal sealed class PostgresRecordLookup(CreditProofDbContext db) : RecordLookup(db)
{
    // A batch's rows are written inside its open transaction, where no ANALYZE sees them: with statistics that say
    // "empty" (or "few"), a list of 2,000 document numbers looks like it matches the whole table, and the planner picks
    // a scan or a hash join that reads everything once per chunk (the cause of a quadratic slowdown measured at 1 M
    // rows). A LATERAL subquery with OFFSET 0 cannot be flattened: it runs once per list element as an index probe.
    private protected override string SubjectsSql => """
        SELECT s."Code", s."Id"
        FROM unnest(@codes) AS c(code)
        CROSS JOIN LATERAL (SELECT "Code", "Id" FROM subjects WHERE "Code" = c.code OFFSET 0) s
        """;

    private protected override string RecordsSql => """
        SELECT r."Id", r."DocumentNumber", r."Version", r."SubjectId", r."ReceivedAt", r."ReportingDelayWorkingDays",
               (SELECT v."SnapshotJson" FROM record_versions v WHERE v."RecordId" = r."Id" AND v."Version" = r."Version")
        FROM unnest(@documents) AS d(document)
        CROSS JOIN LATERAL (
            SELECT "Id", "DocumentNumber", "Version", "SubjectId", "ReceivedAt", "ReportingDelayWorkingDays" FROM records
            WHERE "UnitId" = @unit AND "Type" = @type AND "DocumentNumber" = d.document OFFSET 0) r
        """;

    private protected override DbParameter ListParameter(DbCommand command, string name) =>
        new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Varchar);

    private protected override void Bind(DbCommand command, int index, IReadOnlyCollection<string> values) =>
        command.Parameters[index].Value = values as string[] ?? [.. values];
}

internal sealed record ExistingRecord(Guid Id, string DocumentNumber, int Version, Guid SubjectId, DateTime ReceivedAt, int? ReportingDelayWorkingDays, string? SnapshotJson);
