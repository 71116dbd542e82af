using System.CommandLine;
using CreditProof.Accounts;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Accounts;

/// <summary><c>creditproof staff disable|reset-password USER</c>: both end every open session of the account at once.</summary>
public static class StaffCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var user = new Argument<string>("user") { Description = "The staff account's user name" };
        var disable = new Command("disable", "停用工作人员账号并立即结束其所有会话 Disable a staff account and end all its sessions now") { user };
        disable.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var name = parse.GetValue(user)!;
            if (!await new StaffSessions(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>()).DisableAsync(name, ct))
                return CliOutput.Fail($"没有这个工作人员账号 No staff account {name}", CliOutput.Invalid);
            AnsiConsole.MarkupLine($"{Markup.Escape(name)}: 已停用，所有会话已结束 disabled, all sessions ended");
            return CliOutput.Ok;
        });

        var resetUser = new Argument<string>("user") { Description = "The staff account's user name" };
        var reset = new Command("reset-password", "重置密码（从标准输入读取新密码）并结束所有会话 Reset the password (read from standard input, never an argument) and end all sessions") { resetUser };
        reset.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(resetUser)!;
            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            if (PasswordHashing.Weakness(password) is { } weak)
                return CliOutput.Fail($"{weak.Zh} {weak.En}", CliOutput.Invalid);
            await using var scope = services().CreateAsyncScope();
            if (!await new StaffSessions(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>()).ResetPasswordAsync(name, password, ct))
                return CliOutput.Fail($"没有这个工作人员账号 No staff account {name}", CliOutput.Invalid);
            AnsiConsole.MarkupLine($"{Markup.Escape(name)}: 密码已重置，所有会话已结束 password reset, all sessions ended");
            return CliOutput.Ok;
        });

        return new Command("staff", "Staff accounts (工作人员账号).") { disable, reset };
    }
}
