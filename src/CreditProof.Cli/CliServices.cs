using CreditProof.Privacy;
using CreditProof.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Cli;

/// <summary>
/// The services every command uses, built once and only when a command runs (so <c>--help</c> needs no database).
/// Configuration: appsettings.json in the working directory, then environment variables
/// (<c>Database__Provider</c>, <c>ConnectionStrings__CreditProof</c>, <c>CreditProof__DataDirectory</c>, <c>CreditProof__PdfStore__Path</c>).
/// </summary>
public static class CliServices
{
    private static Lazy<IServiceProvider>? _built;

    public static Func<IServiceProvider> Lazy()
    {
        var services = new Lazy<IServiceProvider>(Build);
        _built = services;
        return () => services.Value;
    }

    /// <summary>The services, if a command has built them (i.e. it used the database or the keys); else null.</summary>
    public static IServiceProvider? BuiltOrNull => _built is { IsValueCreated: true } built ? built.Value : null;

    public static IServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Environment.CurrentDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var dataDirectory = configuration["CreditProof:DataDirectory"] ?? Path.Combine(Environment.CurrentDirectory, "data");
        var settings = CreditProofDatabase.Settings(configuration["Database:Provider"], configuration.GetConnectionString("CreditProof"), dataDirectory,
            configuration["CreditProof:PdfStore:Path"], configuration.GetConnectionString("CreditProofReadOnly"));

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).MaskPersonalData());
        services.AddCreditProofDatabase(settings);
        services.AddCreditProofCore(configuration);
        return services.BuildServiceProvider();
    }
}
