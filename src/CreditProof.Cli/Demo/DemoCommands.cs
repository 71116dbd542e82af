using System.CommandLine;
using System.Globalization;
using CreditProof.Demo;
using CreditProof.Platform;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Demo;

public static class DemoCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var subjects = new Option<int>("--subjects") { Description = "Number of subjects to generate", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same data", DefaultValueFactory = _ => 20250716 };
        var seedCommand = new Command("seed", "Fill an empty database with deterministic synthetic Shanxi data. 生成演示数据。") { subjects, seed };
        seedCommand.Validators.Add(r =>
        {
            if (r.GetValue(subjects) is < 0 or > 50_000_000)
                r.AddError("--subjects must be between 0 and 50,000,000.");
        });
        seedCommand.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            await CreditProofDatabase.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<PdfStore>(), ct);
            var options = new DemoSeedOptions(parse.GetValue(subjects), parse.GetValue(seed));
            try
            {
                var seeder = new DemoSeeder(db, scope.ServiceProvider.GetRequiredService<PlatformClock>(), scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>());
                var result = await AnsiConsole.Progress()
                    .AutoClear(true)
                    .HideCompleted(true)
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Seeding subjects", maxValue: Math.Max(options.Subjects, 1));
                        return await seeder.SeedAsync(options, new Progress<int>(n => task.Value = n), ct);
                    });
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"Seeded {result.Subjects:N0} subjects, {result.Records:N0} records, {result.UnitsCreated} new units in {result.Elapsed.TotalSeconds:F1} s ({result.SubjectsPerSecond:N0} subjects/s)"));
                return CliOutput.Ok;
            }
            catch (DemoDataExistsException e)
            {
                return CliOutput.Fail(e.Message + " Use a new database (e.g. delete data/creditproof.db) to seed again.");
            }
        });
        return new Command("demo", "Demo data. 演示数据。") { seedCommand };
    }
}
