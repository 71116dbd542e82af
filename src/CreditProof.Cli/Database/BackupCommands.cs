using System.CommandLine;
using System.Globalization;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Database;

/// <summary>
/// <c>creditproof backup --out FILE [--pdfs DIR]</c> and <c>creditproof restore --from FILE [--pdfs DIR] --yes</c> (备份与恢复):
/// the database and the report PDFs of its store, together.
/// </summary>
public static class BackupCommands
{
    private static Option<DirectoryInfo?> PdfsOption(string description) => new("--pdfs") { Description = description };

    public static Command CreateBackup(Func<IServiceProvider> services)
    {
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write (never overwritten). SQLite: a database file; PostgreSQL: a pg_dump custom-format archive", Required = true };
        var pdfs = PdfsOption("The backup's folder of report PDFs, kept from one backup to the next: only files not in it yet are copied (default: pdfs/ beside --out)");
        var command = new Command("backup", "Back up the whole database and the report PDFs while the platform runs. 备份数据库及报告PDF文件。") { output, pdfs };
        command.SetAction(async (parse, ct) =>
        {
            var settings = services().GetRequiredService<DatabaseSettings>();
            var result = await DatabaseBackup.BackupAsync(settings, parse.GetValue(output)!.FullName, parse.GetValue(pdfs)?.FullName, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backup written: {result.Path} ({result.Bytes:N0} bytes, {result.Elapsed.TotalSeconds:F1} s); report PDFs in {result.PdfDirectory}: {result.Pdfs.Rows:N0} reports, {result.Pdfs.Copied:N0} files copied now. Keep the key-encryption key apart from it: without that key the backup's signing keys and ID numbers cannot be used."));
            return Problems(result.Pdfs, "备份未包含以下报告的PDF文件（在线存储中缺失或已损坏）/ the backup lacks these reports' PDFs (missing or damaged in the live store)");
        });
        return command;
    }

    public static Command CreateRestore(Func<IServiceProvider> services)
    {
        var input = new Option<FileInfo>("--from") { Description = "A file written by creditproof backup", Required = true };
        var pdfs = PdfsOption("The backup's folder of report PDFs (default: pdfs/ beside --from)");
        var yes = new Option<bool>("--yes") { Description = "Confirm: the database's current contents are replaced. Stop the web nodes first" };
        var command = new Command("restore", "Replace the database with a backup, check every report PDF and restore missing ones; then run audit verify and transparency verify. 从备份恢复数据库及报告PDF文件。") { input, pdfs, yes };
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(yes))
                return CliOutput.Fail("restore replaces the whole database: add --yes to confirm (and stop the web nodes first) / 恢复将替换整个数据库，请加 --yes 确认");
            var settings = services().GetRequiredService<DatabaseSettings>();
            var result = await DatabaseBackup.RestoreAsync(settings, parse.GetValue(input)!.FullName, parse.GetValue(pdfs)?.FullName, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"restored from {parse.GetValue(input)!.FullName}; report PDFs: {result.Pdfs.Rows:N0} checked by hash, {result.Pdfs.Copied:N0} restored from {result.PdfDirectory}; next: creditproof audit verify"));
            return Problems(result.Pdfs, "以下报告的PDF文件在存储和备份中均缺失或已损坏 / these reports' PDFs are missing or damaged in the store and in the backup");
        });
        return command;
    }

    /// <summary>Lists the reports a pass found without an intact file (at most 20), and fails the command if there are any.</summary>
    internal static int Problems(PdfPassResult pass, string heading)
    {
        if (pass.Problems.Count == 0)
            return CliOutput.Ok;
        var lines = pass.Problems.Take(20).Select(p => $"  {p.ReportNumber} {p.Problem.ToString().ToLowerInvariant()} {p.Sha256}");
        var more = pass.Problems.Count > 20 ? $"\n  … {pass.Problems.Count - 20} more" : "";
        return CliOutput.Fail($"{heading}: {pass.Problems.Count}\n{string.Join('\n', lines)}{more}");
    }
}
