using System.CommandLine;
using System.Globalization;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Database;

/// <summary><c>creditproof backup --out FILE</c> and <c>creditproof restore --from FILE --yes</c> (备份与恢复).</summary>
public static class BackupCommands
{
    public static Command CreateBackup(Func<IServiceProvider> services)
    {
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write (never overwritten). SQLite: a database file; PostgreSQL: a pg_dump custom-format archive", Required = true };
        var command = new Command("backup", "Back up the whole database while the platform runs. 备份数据库。") { output };
        command.SetAction(async (parse, ct) =>
        {
            var settings = services().GetRequiredService<DatabaseSettings>();
            var result = await DatabaseBackup.BackupAsync(settings, parse.GetValue(output)!.FullName, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backup written: {result.Path} ({result.Bytes:N0} bytes, {result.Elapsed.TotalSeconds:F1} s). Keep the key-encryption key apart from it: without that key the backup's signing keys and ID numbers cannot be used."));
            return CliOutput.Ok;
        });
        return command;
    }

    public static Command CreateRestore(Func<IServiceProvider> services)
    {
        var input = new Option<FileInfo>("--from") { Description = "A file written by creditproof backup", Required = true };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the database's current contents are replaced. Stop the web nodes first" };
        var command = new Command("restore", "Replace the database with a backup; then run audit verify and transparency verify. 从备份恢复数据库。") { input, yes };
        command.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(yes))
                return CliOutput.Fail("restore replaces the whole database: add --yes to confirm (and stop the web nodes first) / 恢复将替换整个数据库，请加 --yes 确认");
            var settings = services().GetRequiredService<DatabaseSettings>();
            await DatabaseBackup.RestoreAsync(settings, parse.GetValue(input)!.FullName, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"restored from {parse.GetValue(input)!.FullName}; next: creditproof audit verify");
            return CliOutput.Ok;
        });
        return command;
    }
}
