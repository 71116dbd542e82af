using System.CommandLine;
using CreditProof.Identifiers;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Identifiers;

public static class CodeCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var codeArgument = new Argument<string>("code") { Description = "A unified social credit code or a resident ID number" };
        var check = new Command("check", "Check a credit code (GB 32100) or ID number (GB 11643); exit 0 when valid. 校验代码。") { codeArgument };
        check.SetAction(async (parse, ct) =>
        {
            var input = parse.GetValue(codeArgument) ?? "";
            var allowed = await AllowListAsync(services, ct);
            var result = new SubjectCodeValidator(allowed, TimeProvider.System).Check(input);
            if (!result.IsValid)
            {
                AnsiConsole.MarkupLine($"[red]invalid[/] {Markup.Escape(Display(result.Code))}: {Markup.Escape(result.Check.Problem)}");
                return CliOutput.Invalid;
            }

            var type = result.Type!.Value;
            AnsiConsole.MarkupLine($"[green]valid[/] {Markup.Escape(Display(result.Code))}");
            AnsiConsole.MarkupLine($"  type 类型: {type.NameZh()} ({type.NameEn()})");
            AnsiConsole.MarkupLine($"  region 登记地: {result.RegionCode} ({Markup.Escape(ReferenceDataLoader.RegionName(result.RegionCode!) ?? "unknown division")})");
            if (result.AllowListed)
                AnsiConsole.MarkupLine("  [yellow]accepted by the operator's allow-list (the check character does not match)[/]");
            return CliOutput.Ok;
        });
        return new Command("code", "Identifier tools. 代码工具。") { check };
    }

    private static string Display(string code) => code.Length == 18 && ResidentId.Check(code, DateOnly.MaxValue).IsValid ? ResidentId.Mask(code) : code;

    private static async Task<IReadOnlySet<string>> AllowListAsync(Func<IServiceProvider> services, CancellationToken ct)
    {
        try
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            if (!await db.Database.CanConnectAsync(ct) || (await db.Database.GetPendingMigrationsAsync(ct)).Any())
                return new HashSet<string>();
            return await db.AllowListedCodes.Select(a => a.Code).ToHashSetAsync(StringComparer.Ordinal, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            // The check works without a database: the allow-list is just empty then.
            return new HashSet<string>();
        }
    }
}
