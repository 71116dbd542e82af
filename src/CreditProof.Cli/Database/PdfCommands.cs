using System.CommandLine;
using System.Globalization;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Database;

/// <summary><c>creditproof pdfs verify</c> and <c>creditproof pdfs gc [--delete]</c>: the report PDF store (报告PDF文件存储).</summary>
public static class PdfCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var verify = new Command("verify", "Check that every issued report has its PDF in the store, with the right length and SHA-256. 校验每份报告的PDF文件。");
        verify.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<PdfStore>();
            var result = await PdfStoreCheck.VerifyAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), store, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"report PDFs in {store.Directory}: {result.Rows:N0} checked, {result.Rows - result.Problems.Count:N0} intact"));
            return BackupCommands.Problems(result, "以下报告的PDF文件缺失或已损坏（请用 creditproof restore 从备份恢复）/ these reports' PDFs are missing or damaged (restore them from the backup with creditproof restore)");
        });

        var hours = new Option<int>("--older-than-hours") { Description = "Only files last written longer ago than this (a report being issued writes its file before its row)", DefaultValueFactory = _ => 24 };
        var delete = new Option<bool>("--delete") { Description = "Remove the orphans listed (without it, only list them)" };
        var gc = new Command("gc", "List (or with --delete remove) files in the PDF store that no report names: left by a crash between file and row. 清理孤立的PDF文件。") { hours, delete };
        gc.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(hours) < 1)
                return CliOutput.Fail("--older-than-hours must be at least 1 / --older-than-hours 至少为 1");
            await using var scope = services().CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<PdfStore>();
            var cutoff = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(-parse.GetValue(hours));
            var orphans = await PdfStoreCheck.OrphansAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), store, cutoff, ct);
            var output = parse.InvocationConfiguration.Output;
            foreach (var file in orphans)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(parse.GetValue(delete) ? "removed" : "orphan")} {file.Path} ({file.Length:N0} bytes, {file.LastWriteUtc:yyyy-MM-dd HH:mm} UTC)"));
                if (parse.GetValue(delete))
                    File.Delete(file.Path);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{orphans.Count:N0} orphan file(s) older than {parse.GetValue(hours)} h in {store.Directory}{(orphans.Count > 0 && !parse.GetValue(delete) ? "; add --delete to remove them" : "")}"));
            return CliOutput.Ok;
        });
        return new Command("pdfs", "The store of issued reports' PDFs (报告PDF文件存储).") { verify, gc };
    }
}
