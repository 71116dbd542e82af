using Microsoft.EntityFrameworkCore;

namespace CreditProof.Storage;

/// <summary>What a pass over every report row found: rows checked, files copied or restored, and the rows whose file is missing or wrong.</summary>
public sealed record PdfPassResult(int Rows, int Copied, IReadOnlyList<PdfFileException> Problems);

/// <summary>
/// The operator's passes over the PDF store, each row by row in key order (<c>issued_reports</c> keeps hash and length):
/// verify that every report has its file with the right hash; copy into a backup store what it lacks; restore from a
/// backup store what the live one lacks or holds damaged; and list the orphans a crash between file and row left.
/// </summary>
public static class PdfStoreCheck
{
    private const int Page = 1000;

    /// <summary>Every row's file read and hashed (<c>creditproof pdfs verify</c>, and after a restore).</summary>
    public static Task<PdfPassResult> VerifyAsync(CreditProofDbContext db, PdfStore store, CancellationToken ct = default) =>
        PassAsync(db, async (row, problems) =>
        {
            if (await store.CheckAsync(row.Sha256, row.Length, row.Number, ct) is { } problem)
                problems.Add(problem);
            return false;
        }, ct);

    /// <summary>
    /// Copies into <paramref name="backup"/> every row's file it does not hold yet (files are immutable: one copy each,
    /// forever), each read from <paramref name="live"/> with its hash checked, so a backup never takes a damaged file.
    /// </summary>
    public static Task<PdfPassResult> CopyMissingAsync(CreditProofDbContext db, PdfStore live, PdfStore backup, CancellationToken ct = default) =>
        PassAsync(db, async (row, problems) =>
        {
            var target = new FileInfo(backup.PathFor(row.Sha256));
            if (target.Exists && target.Length == row.Length)
                return false;
            try
            {
                await backup.PutAsync(await live.ReadAsync(row.Sha256, row.Length, row.Number, ct), ct);
                return true;
            }
            catch (PdfFileException e)
            {
                problems.Add(e);
                return false;
            }
        }, ct);

    /// <summary>
    /// After a database restore: every row's file checked in <paramref name="live"/>; one missing or damaged there is
    /// taken from <paramref name="backup"/> (hash checked; a damaged live file is kept beside it as <c>.damaged-…</c>).
    /// </summary>
    public static Task<PdfPassResult> RestoreMissingAsync(CreditProofDbContext db, PdfStore live, PdfStore backup, CancellationToken ct = default) =>
        PassAsync(db, async (row, problems) =>
        {
            if (await live.CheckAsync(row.Sha256, row.Length, row.Number, ct) is not { } problem)
                return false;
            byte[] bytes;
            try
            {
                bytes = await backup.ReadAsync(row.Sha256, row.Length, row.Number, ct);
            }
            catch (PdfFileException)
            {
                problems.Add(problem);
                return false;
            }

            var path = live.PathFor(row.Sha256);
            if (File.Exists(path))
                File.Move(path, path + ".damaged-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
            await live.PutAsync(bytes, ct);
            return true;
        }, ct);

    /// <summary>
    /// Files no report row names (a crash between file and row, or a leftover temporary file), last written before
    /// <paramref name="olderThanUtc"/>. Rows are held as the first 8 bytes of their hash: a file sharing that prefix with
    /// a row is kept, never removed by mistake.
    /// </summary>
    public static async Task<IReadOnlyList<StoredPdfFile>> OrphansAsync(CreditProofDbContext db, PdfStore store, DateTime olderThanUtc, CancellationToken ct = default)
    {
        var named = new HashSet<ulong>();
        await foreach (var sha256 in db.IssuedReports.AsNoTracking().Select(r => r.PdfSha256).AsAsyncEnumerable().WithCancellation(ct))
            if (PdfStore.IsHash(sha256))
                named.Add(Prefix(sha256));
        return store.Files().Where(f => f.LastWriteUtc < olderThanUtc && (f.Sha256 is null || !named.Contains(Prefix(f.Sha256)))).ToList();
    }

    private static ulong Prefix(string sha256) => ulong.Parse(sha256.AsSpan(0, 16), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Row(Guid Id, string Number, string Sha256, long Length);

    private static async Task<PdfPassResult> PassAsync(CreditProofDbContext db, Func<Row, List<PdfFileException>, Task<bool>> each, CancellationToken ct)
    {
        var problems = new List<PdfFileException>();
        var (rows, copied) = (0, 0);
        Guid? last = null;
        while (true)
        {
            var q = db.IssuedReports.AsNoTracking();
            if (last is { } after)
                q = q.Where(r => r.Id.CompareTo(after) > 0);
            var page = await q.OrderBy(r => r.Id).Take(Page)
                .Select(r => new Row(r.Id, r.Number, r.PdfSha256, r.PdfLength)).ToListAsync(ct);
            if (page.Count == 0)
                return new PdfPassResult(rows, copied, problems);
            foreach (var row in page)
                if (await each(row with { Number = Reports.ReportNumbers.FormatNumber(row.Number) }, problems))
                    copied++;
            rows += page.Count;
            last = page[^1].Id;
        }
    }
}
