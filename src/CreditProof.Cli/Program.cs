using System.CommandLine;
using CreditProof.Cli.Reports;
using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Temporary wiring (report branch) so that `report` and `keys` can be tried; the lead's host replaces this file.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var settings = CreditProofDatabase.Settings(configuration["Database:Provider"], configuration.GetConnectionString("CreditProof"), Path.Combine(Environment.CurrentDirectory, "data"));
var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(configuration)
    .AddSingleton(TimeProvider.System)
    .AddCreditProofDatabase(settings)
    .AddCreditProofReports(configuration)
    .BuildServiceProvider();

var migrate = new Command("migrate", "Apply migrations and load reference data");
migrate.SetAction(async (_, ct) =>
{
    await using var scope = services.CreateAsyncScope();
    await CreditProofDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), ct);
    return 0;
});
var root = new RootCommand("CreditProof") { migrate };
foreach (var command in ReportCommands.Create(() => services))
    root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
