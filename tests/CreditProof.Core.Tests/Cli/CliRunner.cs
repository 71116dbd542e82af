using System.Diagnostics;
using CreditProof.Storage;

namespace CreditProof.Tests.Cli;

/// <summary>Runs the real <c>creditproof</c> program (built beside the tests) as a child process against a test database.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Task<Result> RunAsync(DatabaseSettings database, string workingDirectory, params string[] args) =>
        RunAsync(database, workingDirectory, new Dictionary<string, string>(), args);

    public static Task<Result> RunAsync(DatabaseSettings database, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(database, workingDirectory, environment, null, args);

    /// <summary>With <paramref name="input"/> on standard input (passwords are read there, never from arguments).</summary>
    public static Task<Result> RunWithInputAsync(DatabaseSettings database, string workingDirectory, string input, params string[] args) =>
        RunAsync(database, workingDirectory, new Dictionary<string, string>(), input, args);

    private static async Task<Result> RunAsync(DatabaseSettings database, string workingDirectory, IReadOnlyDictionary<string, string> environment, string? input, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "creditproof.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["Database__Provider"] = database.Provider.ToString().ToLowerInvariant();
        start.Environment["ConnectionStrings__CreditProof"] = database.ConnectionString;
        start.Environment["CreditProof__PdfStore__Path"] = database.PdfStoreDirectory;
        start.Environment["COLUMNS"] = "200";
        // The test databases' personal-data and signing keys are wrapped under this key-encryption key.
        start.Environment["CreditProof__KeyEncryptionKey"] = TestDatabase.KeyEncryptionKey;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
