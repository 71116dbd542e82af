using System.CommandLine;
using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
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
            var pdfs = scope.ServiceProvider.GetRequiredService<PdfStore>();
            var result = await CreditProofDatabase.MigrateAsync(db, pdfs, ct);
            AnsiConsole.MarkupLine($"Database ({settings.Provider}): {result.AppliedMigrations.Count} migration(s) applied" +
                                   (result.AppliedMigrations.Count > 0 ? $" ({Markup.Escape(string.Join(", ", result.AppliedMigrations))})" : ""));
            if (result.Pdfs.Moved > 0)
                AnsiConsole.MarkupLine($"Report PDFs moved from issued_reports to the PDF store {Markup.Escape(pdfs.Directory)}: {result.Pdfs.Moved}" +
                                       (result.Pdfs.Mismatched > 0 ? $"; [red]{result.Pdfs.Mismatched} did not match their report's hash[/] (run creditproof pdfs verify)" : ""));
            AnsiConsole.MarkupLine($"Reference data added: {result.ReferenceData.Domains} domains, {result.ReferenceData.Regions} regions, {result.ReferenceData.CalendarDays} calendar days");
            var privacy = await CreditProof.Storage.PersonalDataMigration.RunAsync(db, scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
            AnsiConsole.MarkupLine($"Personal data at rest: {privacy.PeopleProtected} natural persons given a blind index and an encrypted ID number, " +
                                   (privacy.TextAlreadyDone ? "text columns masked earlier" : $"{privacy.TextCellsMasked} text cells masked"));
            // A database from before the statistics existed: count what it holds once, so the dashboard starts complete.
            if (!await db.DailyStats.AnyAsync(ct) && (await db.Records.AnyAsync(ct) || await db.IssuedReports.AnyAsync(ct)))
                AnsiConsole.MarkupLine($"Statistics: {await Oversight.RawStats.RebuildAsync(db, scope.ServiceProvider.GetRequiredService<PlatformClock>(), ct)} daily counts computed from the existing data");
            // Tables a migration added get the application role's grants in the same step (docs/security.md).
            if (scope.ServiceProvider.GetRequiredService<IConfiguration>()[ApplicationRole.ConfigurationKey] is { Length: > 0 } role)
                return await GrantAsync(db, role, ct);
            return CliOutput.Ok;
        });

        var roleOption = new Option<string>("--role") { Description = "The PostgreSQL role the web nodes connect as (created beforehand by a database administrator)", Required = true };
        var grant = new Command("grant", "PostgreSQL: grant the application's role what it needs, and only SELECT, INSERT on the audit trail. 授予应用角色权限（审计表只读和追加）。") { roleOption };
        grant.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            return await GrantAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), parse.GetValue(roleOption)!, ct);
        });
        var rebuild = new Command("rebuild", "从源数据表重新计算每日统计（看板数字有疑问时）Recompute the daily statistics from the source tables");
        rebuild.SetAction(async (_, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var rows = await Oversight.RawStats.RebuildAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<PlatformClock>(), ct);
            AnsiConsole.MarkupLine($"Statistics rebuilt: {rows} daily counts");
            return CliOutput.Ok;
        });
        return new Command("db", "Database maintenance. 数据库维护。") { migrate, grant, new Command("stats", "Statistics (统计).") { rebuild } };
    }

    private static async Task<int> GrantAsync(CreditProofDbContext db, string role, CancellationToken ct)
    {
        try
        {
            var appendOnly = await ApplicationRole.GrantAsync(db, role, ct);
            AnsiConsole.MarkupLine($"Role {Markup.Escape(role)}: read and write on the platform's tables; SELECT, INSERT only on {Markup.Escape(string.Join(", ", appendOnly))}; SELECT only on the migration history");
            return CliOutput.Ok;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return CliOutput.Fail(e.Message);
        }
    }
}
