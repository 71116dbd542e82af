using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CreditProof.Storage;

/// <summary>What moving the PDFs out of <c>issued_reports</c> did: files written (or found), and rows whose bytes did not hash to their row's hash.</summary>
public sealed record PdfColumnMigrationResult(int Moved, int Mismatched);

/// <summary>
/// Brings a database from before the PDF store up to date, in place, at <c>db migrate</c> (and the embedded demo's
/// start): the migration <c>PdfFileStore</c> adds <c>PdfLength</c>; then every PDF still in the <c>Pdf</c> column is
/// written to the <see cref="PdfStore"/> and its row given its length, a batch per transaction; then the migration
/// <c>IssuedReportPdfColumnDropped</c> drops the column. Resumable: a crash leaves written files (the retry finds them)
/// and rows with length 0 (the retry moves them), and the column is dropped only after every row has its file.
/// Dropping rather than keeping an emptied nullable column: nothing may read it again, and the model and the
/// schema stay one (an empty column would invite a second path to the bytes).
/// </summary>
public static class PdfColumnMigration
{
    public const string AddLengthMigration = "PdfFileStore";
    public const string DropColumnMigration = "IssuedReportPdfColumnDropped";
    private const int Batch = 100;

    /// <summary>
    /// Applies the pending migrations up to the one that drops the column, moves the PDFs, and returns how many; 0 when
    /// that migration is not pending. Without a store and with PDFs to move, it refuses before anything is dropped.
    /// </summary>
    public static async Task<PdfColumnMigrationResult> BeforeDropAsync(CreditProofDbContext db, IReadOnlyList<string> pending, PdfStore? pdfs, CancellationToken ct)
    {
        var drop = pending.FirstOrDefault(m => m.EndsWith("_" + DropColumnMigration, StringComparison.Ordinal));
        if (drop is null)
            return new PdfColumnMigrationResult(0, 0);
        var all = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(all[all.IndexOf(drop) - 1], cancellationToken: ct);
        return await MoveAsync(db, pdfs, ct);
    }

    private static async Task<PdfColumnMigrationResult> MoveAsync(CreditProofDbContext db, PdfStore? pdfs, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var (moved, mismatched) = (0, 0);
            object? last = null;
            while (true)
            {
                var rows = new List<(object Id, byte[] Pdf, string Sha256)>();
                await using (var select = connection.CreateCommand())
                {
                    select.CommandText = "SELECT \"Id\", \"Pdf\", \"PdfSha256\" FROM issued_reports WHERE \"PdfLength\" = 0" +
                                         (last is null ? "" : " AND \"Id\" > @last") + $" ORDER BY \"Id\" LIMIT {Batch}";
                    if (last is not null)
                        PersonalDataMigration.Add(select, "@last", last);
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        rows.Add((reader.GetValue(0), (byte[])reader.GetValue(1), reader.GetString(2)));
                }

                if (rows.Count == 0)
                    return new PdfColumnMigrationResult(moved, mismatched);
                if (pdfs is null)
                    throw new InvalidOperationException("issued_reports still holds report PDFs and no PDF store was given: run 'creditproof db migrate', which moves them to CreditProof:PdfStore:Path.");
                // Files first (durable, idempotent), then the lengths in one transaction: a crash between leaves files the retry finds.
                foreach (var row in rows)
                    if (!string.Equals(await pdfs.PutAsync(row.Pdf, ct), row.Sha256, StringComparison.Ordinal))
                        mismatched++;
                await using (var tx = await connection.BeginTransactionAsync(ct))
                {
                    foreach (var row in rows)
                    {
                        await using var update = connection.CreateCommand();
                        update.Transaction = tx;
                        update.CommandText = "UPDATE issued_reports SET \"PdfLength\" = @length WHERE \"Id\" = @id";
                        PersonalDataMigration.Add(update, "@length", row.Pdf.LongLength);
                        PersonalDataMigration.Add(update, "@id", row.Id);
                        await update.ExecuteNonQueryAsync(ct);
                    }

                    await tx.CommitAsync(ct);
                }

                moved += rows.Count;
                last = rows[^1].Id;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
