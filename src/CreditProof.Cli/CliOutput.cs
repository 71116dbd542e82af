using Spectre.Console;

namespace CreditProof.Cli;

/// <summary>Exit codes and error output shared by all commands.</summary>
public static class CliOutput
{
    public const int Ok = 0;

    /// <summary>The input was checked and found invalid (a bad code, rejected rows).</summary>
    public const int Invalid = 1;

    /// <summary>The command could not do its work (missing file, database error, bad arguments).</summary>
    public const int Error = 2;

    public static int Fail(string message, int exitCode = Error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return exitCode;
    }
}
