using System.CommandLine;
using CreditProof.Accounts;
using CreditProof.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Accounts;

/// <summary>
/// <c>creditproof staff add|disable|reset|list</c>: the operator's management of staff accounts (<see cref="StaffAdministration"/>).
/// Passwords are read from standard input, never from an argument (arguments end up in shell history and the audit trail).
/// Disabling and resetting end every open session of the account at once.
/// </summary>
public static class StaffCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var addUser = new Argument<string>("user") { Description = "The new account's user name (lower-case letters, digits, . _ -)" };
        var name = new Option<string>("--name") { Description = "Name or post shown in the console (姓名或岗位)", Required = true };
        var role = new Option<string>("--role") { Description = "unit | window | operator | auditor", Required = true };
        var unit = new Option<string?>("--unit") { Description = "For unit staff: the unit's credit code (数源单位统一社会信用代码)" };
        var add = new Command("add", "新建工作人员账号（从标准输入读取初始密码）Create a staff account (initial password from standard input)") { addUser, name, role, unit };
        add.SetAction(async (parse, ct) =>
        {
            if (ParseRole(parse.GetValue(role)!) is not { } parsedRole)
                return CliOutput.Fail("角色应为 unit、window、operator 或 auditor  The role must be unit, window, operator or auditor", CliOutput.Invalid);
            var password = await ReadPasswordAsync(ct);
            await using var scope = services().CreateAsyncScope();
            var (account, problem) = await Administration(scope).AddAsync(parse.GetValue(addUser)!, parse.GetValue(name)!, parsedRole, parse.GetValue(unit), password, ct);
            if (problem is not null)
                return CliOutput.Fail($"{problem.Field}: {problem.Zh} {problem.En}", CliOutput.Invalid);
            AnsiConsole.MarkupLine($"{Markup.Escape(account!.UserName)}: 已创建 created ({account.Role})" +
                (StaffAdministration.RequiresTotp(account.Role) ? "; 首次登录须先设置两步验证 must enrol two-factor sign-in at first sign-in" : ""));
            return CliOutput.Ok;
        });

        var user = new Argument<string>("user") { Description = "The staff account's user name" };
        var disable = new Command("disable", "停用工作人员账号并立即结束其所有会话 Disable a staff account and end all its sessions now") { user };
        disable.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var userName = parse.GetValue(user)!;
            if (await Administration(scope).DisableAsync(userName, ct) is { } problem)
                return CliOutput.Fail($"{problem.Zh} {problem.En}", CliOutput.Invalid);
            AnsiConsole.MarkupLine($"{Markup.Escape(userName)}: 已停用，所有会话已结束 disabled, all sessions ended");
            return CliOutput.Ok;
        });

        var resetUser = new Argument<string>("user") { Description = "The staff account's user name" };
        var reset = new Command("reset", "重置密码（从标准输入读取新密码）、清除两步验证并结束所有会话 Reset the password (from standard input), remove two-factor enrolment, end all sessions") { resetUser };
        reset.Aliases.Add("reset-password");
        reset.SetAction(async (parse, ct) =>
        {
            var userName = parse.GetValue(resetUser)!;
            var password = await ReadPasswordAsync(ct);
            await using var scope = services().CreateAsyncScope();
            if (await Administration(scope).ResetAsync(userName, password, ct) is { } problem)
                return CliOutput.Fail($"{problem.Zh} {problem.En}", CliOutput.Invalid);
            AnsiConsole.MarkupLine($"{Markup.Escape(userName)}: 密码已重置，所有会话已结束 password reset, all sessions ended");
            return CliOutput.Ok;
        });

        var list = new Command("list", "列出工作人员账号 List staff accounts");
        list.SetAction(async (_, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            // One line per account, tab-separated: easy to read and to script.
            Console.WriteLine("user\tname\trole\tunit\ttotp\tstate\tlast-sign-in");
            foreach (var a in await Administration(scope).ListAsync(ct))
                Console.WriteLine(string.Join('\t', a.UserName, a.DisplayName, a.Role, a.UnitName ?? "", a.TotpEnabled ? "on" : a.MustEnrolTotp ? "required" : "off",
                    a.Disabled ? "disabled" : "active", a.LastSignInAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            return CliOutput.Ok;
        });

        return new Command("staff", "Staff accounts (工作人员账号).") { add, disable, reset, list };
    }

    public static StaffRole? ParseRole(string role) => role.Trim().ToLowerInvariant() switch
    {
        "unit" => StaffRole.UnitStaff,
        "window" => StaffRole.WindowStaff,
        "operator" => StaffRole.Operator,
        "auditor" => StaffRole.Auditor,
        _ => null,
    };

    private static async Task<string> ReadPasswordAsync(CancellationToken ct) => (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";

    private static StaffAdministration Administration(AsyncServiceScope scope) =>
        new(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<TimeProvider>());
}
