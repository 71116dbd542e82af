using System.CommandLine;
using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Database;

public static class DbCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var migrate = new Command("migrate", "Apply pending migrations and load missing reference data (domains, regions, holidays). 应用数据库迁移。");
        migrate.SetAction(async (_, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var result = await CreditProofDatabase.MigrateAsync(db, ct);
            AnsiConsole.MarkupLine($"Database ({settings.Provider}): {result.AppliedMigrations.Count} migration(s) applied" +
                                   (result.AppliedMigrations.Count > 0 ? $" ({Markup.Escape(string.Join(", ", result.AppliedMigrations))})" : ""));
            AnsiConsole.MarkupLine($"Reference data added: {result.ReferenceData.Domains} domains, {result.ReferenceData.Regions} regions, {result.ReferenceData.CalendarDays} calendar days");
            var privacy = await CreditProof.Storage.PersonalDataMigration.RunAsync(db, scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
            AnsiConsole.MarkupLine($"Personal data at rest: {privacy.PeopleProtected} natural persons given a blind index and an encrypted ID number, " +
                                   (privacy.TextAlreadyDone ? "text columns masked earlier" : $"{privacy.TextCellsMasked} text cells masked"));
            // A database from before the statistics existed: count what it holds once, so the dashboard starts complete.
            if (!await db.DailyStats.AnyAsync(ct) && (await db.Records.AnyAsync(ct) || await db.IssuedReports.AnyAsync(ct)))
                AnsiConsole.MarkupLine($"Statistics: {await Oversight.RawStats.RebuildAsync(db, scope.ServiceProvider.GetRequiredService<PlatformClock>(), ct)} daily counts computed from the existing data");
            return CliOutput.Ok;
        });

        var rebuild = new Command("rebuild", "从源数据表重新计算每日统计（看板数字有疑问时）Recompute the daily statistics from the source tables");
        rebuild.SetAction(async (_, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var rows = await Oversight.RawStats.RebuildAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<PlatformClock>(), ct);
            AnsiConsole.MarkupLine($"Statistics rebuilt: {rows} daily counts");
            return CliOutput.Ok;
        });
        return new Command("db", "Database maintenance. 数据库维护。") { migrate, new Command("stats", "Statistics (统计).") { rebuild } };
    }
}
