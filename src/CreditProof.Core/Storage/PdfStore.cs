using System.Security.Cryptography;
using CreditProof.Reports;
using Microsoft.Extensions.Logging;

namespace CreditProof.Storage;

/// <summary>Why a report's PDF could not be served: no file, a file whose bytes are not the ones signed, or a store that cannot be read.</summary>
public enum PdfFileProblem
{
    Missing,
    Damaged,
    Unreadable,
}

/// <summary>
/// A report's PDF is not in the store as signed. Never a reason to serve other bytes: the caller answers with
/// <see cref="MessageZh"/> and <see cref="MessageEn"/>, and the operator finds the event in the log and the audit trail.
/// </summary>
public sealed class PdfFileException(string sha256, string? reportNumber, PdfFileProblem problem, string detail)
    : IOException($"PDF {sha256} ({reportNumber ?? "no report"}): {problem}: {detail}")
{
    public string Sha256 { get; } = sha256;

    public string? ReportNumber { get; } = reportNumber;

    public PdfFileProblem Problem { get; } = problem;

    public string Detail { get; } = detail;

    public string MessageZh => "报告的PDF文件暂时无法提供（文件缺失或校验不符），平台已记录并通知运维人员，请稍后再试或联系平台。报告的核验不受影响。";

    public string MessageEn => "The report's PDF file cannot be provided right now (the file is missing or does not match its hash); the platform has logged it " +
                               "and alerted its operators. Try again later or contact the platform. Verifying the report is not affected.";
}

/// <summary>One file of the store as found on disk: a report PDF (named by its SHA-256) or a temporary file a crash left.</summary>
public sealed record StoredPdfFile(string Path, string? Sha256, long Length, DateTime LastWriteUtc);

/// <summary>
/// The content-addressed store of issued reports' PDFs (docs/scaling.md): each file is named by the SHA-256 of its bytes,
/// <c>&lt;store&gt;/ab/cd/abcd….pdf</c>, written once and never changed. The database row keeps the hash and the length;
/// the bytes live here, on a folder every web node shares (NFS in production). A write goes to a temporary file in the
/// same folder, is flushed to disk and renamed into place without overwriting, so a reader sees a whole file or none and
/// a retry (same bytes, same name) finds the file already there. Every read checks length and hash: a missing or altered
/// file is a <see cref="PdfFileException"/> and a critical log line, never other bytes.
/// </summary>
public sealed class PdfStore(string directory, ILogger<PdfStore>? logger = null)
{
    private const string Extension = ".pdf";
    private const string TemporaryExtension = ".tmp";

    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    public static bool IsHash(string? sha256) => sha256 is { Length: 64 } && sha256.All(char.IsAsciiHexDigitLower);

    public string PathFor(string sha256)
    {
        if (!IsHash(sha256))
            throw new ArgumentException("Not a lower-case SHA-256 hex digest.", nameof(sha256));
        return System.IO.Path.Combine(Directory, sha256[..2], sha256[2..4], sha256 + Extension);
    }

    /// <summary>
    /// Stores the bytes under their hash and returns it (lower-case hex). Idempotent: the same bytes again find their
    /// intact file and write nothing. An existing file under that name with other bytes is never overwritten: it is
    /// reported (<see cref="PdfFileProblem.Damaged"/>) for the operator to restore from the backup.
    /// </summary>
    public async Task<string> PutAsync(ReadOnlyMemory<byte> pdf, CancellationToken ct = default)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf.Span));
        var path = PathFor(sha256);
        if (File.Exists(path))
        {
            await ReadAsync(sha256, pdf.Length, null, ct);
            return sha256;
        }

        var folder = System.IO.Path.GetDirectoryName(path)!;
        System.IO.Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, "." + sha256 + "." + Guid.NewGuid().ToString("N") + TemporaryExtension);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await file.WriteAsync(pdf, ct);
                file.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another node stored the same bytes first: theirs must be intact, ours is not needed.
                await ReadAsync(sha256, pdf.Length, null, ct);
            }
        }
        finally
        {
            File.Delete(temporary);
        }

        return sha256;
    }

    /// <summary>The PDF of <paramref name="report"/>, checked against the hash and length its row keeps.</summary>
    public Task<byte[]> ReadAsync(IssuedReport report, CancellationToken ct = default) =>
        ReadAsync(report.PdfSha256, report.PdfLength, ReportNumbers.FormatNumber(report.Number), ct);

    /// <summary>The bytes stored under <paramref name="sha256"/>, which must be <paramref name="length"/> long and hash to it.</summary>
    public async Task<byte[]> ReadAsync(string sha256, long length, string? reportNumber, CancellationToken ct = default)
    {
        var path = PathFor(sha256);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw Fail(sha256, reportNumber, PdfFileProblem.Missing, "no file " + path);
            if (info.Length != length)
                throw Fail(sha256, reportNumber, PdfFileProblem.Damaged, $"{path} has {info.Length} bytes, the report {length}");
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not PdfFileException)
        {
            throw Fail(sha256, reportNumber, PdfFileProblem.Unreadable, e.Message);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, sha256, StringComparison.Ordinal))
            throw Fail(sha256, reportNumber, PdfFileProblem.Damaged, $"{path} hashes to {actual}");
        return bytes;
    }

    /// <summary>Whether the file for <paramref name="sha256"/> is there, <paramref name="length"/> long and hashing right; null when it is.</summary>
    public async Task<PdfFileException?> CheckAsync(string sha256, long length, string? reportNumber, CancellationToken ct = default)
    {
        try
        {
            await ReadAsync(sha256, length, reportNumber, ct);
            return null;
        }
        catch (PdfFileException e)
        {
            return e;
        }
    }

    /// <summary>Every file in the store, PDFs and temporary files, in no particular order.</summary>
    public IEnumerable<StoredPdfFile> Files()
    {
        if (!System.IO.Directory.Exists(Directory))
            yield break;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            var name = info.Name;
            var hash = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length] : null;
            yield return new StoredPdfFile(path, IsHash(hash) && string.Equals(path, PathFor(hash!), StringComparison.Ordinal) ? hash : null, info.Length, info.LastWriteTimeUtc);
        }
    }

    private PdfFileException Fail(string sha256, string? reportNumber, PdfFileProblem problem, string detail)
    {
        var e = new PdfFileException(sha256, reportNumber, problem, detail);
        logger?.LogCritical("Report PDF {Problem}: report {Number}, SHA-256 {Sha256}: {Detail}. Restore the file from the backup (creditproof restore) and run creditproof pdfs verify",
            problem, reportNumber ?? "-", sha256, detail);
        return e;
    }
}
