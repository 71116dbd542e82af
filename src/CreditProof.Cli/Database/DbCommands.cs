using System.CommandLine;
using CreditProof.Storage;
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
            return CliOutput.Ok;
        });
        return new Command("db", "Database maintenance. 数据库维护。") { migrate };
    }
}
