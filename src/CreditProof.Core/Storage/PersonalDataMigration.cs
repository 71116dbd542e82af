using System.Data.Common;
using CreditProof.Identifiers;
using CreditProof.Privacy;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CreditProof.Storage;

public sealed record PersonalDataMigrationResult(int PeopleProtected, int TextCellsMasked, bool TextAlreadyDone);

/// <summary>
/// Brings a database written before ID numbers were protected up to date, in place (run by <c>db migrate</c> and by
/// the embedded demo's start; idempotent):
/// <list type="number">
/// <item>every natural person stored under its plain ID number gets its blind index, encrypted number and masked form;</item>
/// <item>once per database, every text column of every table (version snapshots included; the signed report content
/// and the append-only audit trail excepted, which never held a full number) is scanned and its ID numbers masked.</item>
/// </list>
/// On SQLite the rewrite runs with <c>secure_delete</c> and ends with <c>VACUUM</c>, so no old page keeps a plaintext
/// number; on PostgreSQL old row versions stay in the table files until <c>VACUUM FULL</c> (docs/security.md).
/// </summary>
public static class PersonalDataMigration
{
    private const string TextDoneMarker = "migration:text-masked-v1";
    private const int Page = 1000;

    public static async Task<PersonalDataMigrationResult> RunAsync(CreditProofDbContext db, PersonalDataKeys keys, TimeProvider time, CancellationToken ct = default)
    {
        keys.EnsureLoaded();
        var sqlite = !db.Database.IsNpgsql();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct);
            var people = await ProtectPeopleAsync(db, keys, ct);
            var done = await db.PersonalDataKeys.AnyAsync(k => k.Purpose == TextDoneMarker, ct);
            var cells = done ? 0 : await MaskTextAsync(db, ct);
            if (!done)
            {
                db.PersonalDataKeys.Add(new PersonalDataKey { Purpose = TextDoneMarker, WrappedKey = [], CreatedAt = time.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(ct);
            }

            if (sqlite && (people > 0 || cells > 0))
                await db.Database.ExecuteSqlRawAsync("VACUUM", ct);
            return new PersonalDataMigrationResult(people, cells, done);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<int> ProtectPeopleAsync(CreditProofDbContext db, PersonalDataKeys keys, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var page = await db.Subjects.Where(s => s.Type == SubjectType.NaturalPerson && s.IdNumberCiphertext == null).OrderBy(s => s.Id).Take(Page).ToListAsync(ct);
            page = page.Where(s => !PersonalDataKeys.IsBlindIndex(s.Code)).ToList();
            if (page.Count == 0)
                return total;
            foreach (var subject in page)
                keys.Protect(subject, subject.Code);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            total += page.Count;
        }
    }

    /// <summary>Every text column of every table with a single-column key, read in key order and rewritten where it holds a number.</summary>
    private static async Task<int> MaskTextAsync(CreditProofDbContext db, CancellationToken ct)
    {
        var total = 0;
        var connection = db.Database.GetDbConnection();
        foreach (var type in db.Model.GetEntityTypes().Where(t => t.BaseType is null && t.GetTableName() is not null))
        {
            if (Audit.AuditCapture.TrailTypes.Contains(type.ClrType) || type.FindPrimaryKey() is not { Properties: [var key] })
                continue;
            var table = type.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var columns = type.GetDerivedTypesInclusive().SelectMany(t => t.GetDeclaredProperties())
                .Where(PersonalText.Applies)
                .Select(p => p.GetColumnName(store)).OfType<string>().Distinct().ToList();
            var keyColumn = key.GetColumnName(store)!;
            foreach (var column in columns)
            {
                var updates = new List<(object Key, string Value)>();
                await using (var select = connection.CreateCommand())
                {
                    select.CommandText = $"SELECT {Q(keyColumn)}, {Q(column)} FROM {Q(table)} WHERE {Q(column)} IS NOT NULL";
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        if (reader.GetValue(1) is string { Length: >= 18 } text && PersonalText.Masked(text) is { } masked)
                            updates.Add((reader.GetValue(0), masked));
                }

                foreach (var chunk in updates.Chunk(Page))
                {
                    await using var tx = await connection.BeginTransactionAsync(ct);
                    foreach (var (k, value) in chunk)
                    {
                        await using var update = connection.CreateCommand();
                        update.Transaction = tx;
                        update.CommandText = $"UPDATE {Q(table)} SET {Q(column)} = @v WHERE {Q(keyColumn)} = @k";
                        Add(update, "@v", value);
                        Add(update, "@k", k);
                        await update.ExecuteNonQueryAsync(ct);
                    }

                    await tx.CommitAsync(ct);
                }

                total += updates.Count;
            }
        }

        return total;
    }

    private static string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
