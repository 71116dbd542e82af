using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CreditProof.Storage;

public sealed record BackupResult(string Path, long Bytes, TimeSpan Elapsed, string PdfDirectory, PdfPassResult Pdfs);

public sealed record RestoreResult(string PdfDirectory, PdfPassResult Pdfs);

/// <summary>
/// Backup and restore of the whole database (防止数据损毁或丢失). SQLite: the online backup API, page by page while the
/// platform keeps running, into a new file that is itself a SQLite database. PostgreSQL: <c>pg_dump --format=custom</c>
/// (a consistent snapshot without stopping writers) and <c>pg_restore --clean</c>. A backup holds no plaintext ID
/// number because the database holds none (Privacy), and no key-encryption key: restoring needs the key kept apart.
/// The reports' PDFs (<see cref="PdfStore"/>) go with it: after the database, every row's file not yet in the backup's
/// PDF folder is copied there (default <c>pdfs/</c> beside the backup file, shared by successive backups: the files
/// are immutable, so each is copied once). The database first: every report in the dump had its file before its row
/// committed, so the copy after it misses none. A restore checks every row's file and takes missing ones from there.
/// </summary>
public static class DatabaseBackup
{
    /// <summary>The PDF folder of a backup file unless one is named: <c>pdfs/</c> beside it.</summary>
    public static string PdfDirectoryFor(string backupPath, string? pdfDirectory) =>
        System.IO.Path.GetFullPath(pdfDirectory ?? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(backupPath))!, "pdfs"));

    public static async Task<BackupResult> BackupAsync(DatabaseSettings settings, string path, string? pdfDirectory = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
            throw new IOException($"The backup file {full} exists already: choose a new name (a backup never overwrites one).");
        var partial = full + ".partial";
        File.Delete(partial);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(settings.ConnectionString);
            await source.OpenAsync(ct);
            await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }
        }
        else
        {
            await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file=" + partial], settings.ConnectionString, ct);
        }

        // Only a complete backup gets its name: a crash mid-way leaves a .partial file, never a truncated backup.
        File.Move(partial, full);
        var pdfs = PdfDirectoryFor(full, pdfDirectory);
        await using var db = CreditProofDatabase.CreateContext(settings);
        var copied = await PdfStoreCheck.CopyMissingAsync(db, new PdfStore(settings.PdfStoreDirectory), new PdfStore(pdfs), ct);
        return new BackupResult(full, new FileInfo(full).Length, watch.Elapsed, pdfs, copied);
    }

    /// <summary>
    /// Replaces the database's contents with the backup's, then checks every report's PDF in the store (hash and
    /// length), taking each missing or damaged one from the backup's PDF folder. Stop the web nodes first.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(DatabaseSettings settings, string path, string? pdfDirectory = null, CancellationToken ct = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        await RestoreDatabaseAsync(settings, full, ct);
        var pdfs = PdfDirectoryFor(full, pdfDirectory);
        await using var db = CreditProofDatabase.CreateContext(settings);
        return new RestoreResult(pdfs, await PdfStoreCheck.RestoreMissingAsync(db, new PdfStore(settings.PdfStoreDirectory), new PdfStore(pdfs), ct));
    }

    private static async Task RestoreDatabaseAsync(DatabaseSettings settings, string full, CancellationToken ct)
    {
        if (!File.Exists(full))
            throw new IOException($"The backup file {full} does not exist.");
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync(ct);
            await using (var check = source.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                if (await check.ExecuteScalarAsync(ct) is not "ok")
                    throw new InvalidOperationException($"The backup file {full} is not an intact SQLite database.");
            }

            var target = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target))!);
            await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ToString());
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
            SqliteConnection.ClearAllPools();
            return;
        }

        await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", full], settings.ConnectionString, ct);
    }

    private static async Task RunAsync(string tool, IEnumerable<string> arguments, string connectionString, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Tool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        start.ArgumentList.Add("--dbname=" + (cs.Database ?? "postgres"));
        start.Environment["PGHOST"] = cs.Host ?? "localhost";
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username ?? "postgres";
        if (cs.Password is { Length: > 0 } password)
            start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started.");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {(await error).Trim()}");
    }

    /// <summary>The newest installed PostgreSQL's own tool (it must not be older than the server), else the one on PATH.</summary>
    private static string Tool(string name)
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => System.IO.Path.Combine(d, "bin", name)).Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
            : null;
        return installed ?? name;
    }
}
