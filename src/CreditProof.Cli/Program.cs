// TEMPORARY wiring by the ingest branch for its own tests; the lead's Program.cs replaces this file.
using System.CommandLine;
using CreditProof.Cli.Ingest;
using CreditProof.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var settings = CreditProofDatabase.Settings(config["Database:Provider"], config.GetConnectionString("CreditProof"), Path.Combine(Environment.CurrentDirectory, "data"));
var services = new ServiceCollection().AddCreditProofDatabase(settings).AddSingleton(TimeProvider.System).AddSingleton<IConfiguration>(config).BuildServiceProvider();
var root = new RootCommand("CreditProof");
foreach (var command in ImportCommands.Create(() => services))
    root.Subcommands.Add(command);
var migrate = new Command("migrate", "Apply migrations (temporary wiring)");
migrate.SetAction(async (_, ct) =>
{
    await using var scope = services.CreateAsyncScope();
    await CreditProofDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), ct);
    return 0;
});
root.Subcommands.Add(migrate);
return await root.Parse(args).InvokeAsync();
