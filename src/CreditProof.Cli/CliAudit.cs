using System.CommandLine;
using CreditProof.Audit;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli;

/// <summary>
/// The CLI's one place for the audit trail: every command runs as an action of the operating-system user
/// (<c>cli:{user}</c>), so the data it changes is audited in the change's transaction; afterwards a command that used
/// the database gets an entry of its own with its arguments (ID numbers masked) and exit code, and the new entries are
/// sealed into the chain.
/// </summary>
internal static class CliAudit
{
    public static AuditActor Actor { get; } = new("cli:" + Environment.UserName, "cli", Environment.MachineName);

    public static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var c = parsed.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            if (c.Command is not RootCommand)
                names.Add(c.Command.Name);
        names.Reverse();
        return names.Count == 0 ? "(root)" : string.Join(' ', names);
    }

    public static async Task AfterAsync(string command, string[] args, int exitCode)
    {
        if (CliServices.BuiltOrNull is not { } services)
            return;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            // What the command changed reaches the statistics now, as the web host's round would do.
            await scope.ServiceProvider.GetRequiredService<Statistics.StatsFold>().FoldPendingAsync(db);
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(db, new AuditEvent(Actor, "cli " + command,
                exitCode == 0 ? AuditOutcome.Succeeded : AuditOutcome.Failed, "command", null, null,
                $"exit {exitCode}; args: {string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a))}"));
            await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync(db);
        }
        catch (Exception e)
        {
            // A database without the audit tables (not migrated yet) or not reachable: the command's own result stands.
            await Console.Error.WriteLineAsync("warning: the audit trail could not be written: " + e.Message);
        }
    }
}
