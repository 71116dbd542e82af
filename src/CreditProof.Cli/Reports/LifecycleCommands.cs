using System.CommandLine;
using System.Globalization;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Reports;

/// <summary>
/// Commands that change data end by deriving the report statuses their changes imply (the change entries committed
/// with the data, so a crash in between only delays this until the next run or the web host's next round).
/// </summary>
public static class LifecycleCommands
{
    public static async Task ApplyPendingAsync(IServiceProvider services, CreditProofDbContext db, CancellationToken ct)
    {
        Faults.Reach(Faults.AfterChangeCommitted);
        var run = await services.GetRequiredService<ReportLifecycle>().ApplyPendingAsync(db, ct);
        if (run.StatusesChanged > 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"已更新{run.StatusesChanged}份已出具报告的状态 / {run.StatusesChanged} issued reports changed status");
        }
    }

    public static Command CreateStatusesCommand(Func<IServiceProvider> services)
    {
        var command = new Command("statuses", "Derive issued reports' statuses from the changes not yet applied (the web host does this continuously)");
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var run = await scope.ServiceProvider.GetRequiredService<ReportLifecycle>().ApplyPendingAsync(db, ct);
            var pending = await ReportLifecycle.PendingAsync(db, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{run.ChangesApplied} changes applied, {run.StatusesChanged} report statuses changed, {pending} pending"));
            return 0;
        });
        return command;
    }
}
