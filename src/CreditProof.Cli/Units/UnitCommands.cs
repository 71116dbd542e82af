using System.CommandLine;
using System.Text;
using CreditProof.Storage;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Units;

public static class UnitCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var file = new Argument<FileInfo>("csv") { Description = "CSV with header code,name,domain,region (or 统一社会信用代码,名称,领域,行政区划)" };
        var import = new Command("import", "Register or update data source units from a CSV file (all or nothing). 导入数源单位。") { file };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                return CliOutput.Fail($"{path.FullName}: file not found.");
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            using var reader = new StreamReader(path.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var result = await new UnitImporter(db, scope.ServiceProvider.GetRequiredService<TimeProvider>()).ImportAsync(reader, ct);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                    Console.Error.WriteLine($"{path.Name}: {error}");
                return CliOutput.Fail($"{result.Errors.Count} problem(s) found; nothing was imported.", CliOutput.Invalid);
            }

            AnsiConsole.MarkupLine($"Units: {result.Added} added, {result.Updated} updated, {result.Unchanged} unchanged");
            return CliOutput.Ok;
        });

        var domain = new Option<string?>("--domain") { Description = "Only units of this domain (code or Chinese name)" };
        var list = new Command("list", "List data source units. 列出数源单位。") { domain };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var filter = parse.GetValue(domain);
            var query = db.Units.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(filter))
                query = query.Where(u => u.Domain.Code == filter || u.Domain.NameZh == filter);
            var units = await query.OrderBy(u => u.Domain.SortOrder).ThenBy(u => u.RegionCode)
                .Select(u => new { u.CreditCode, u.Name, Domain = u.Domain.NameZh, u.RegionCode, u.Level })
                .ToListAsync(ct);
            var table = new Table().AddColumns("统一社会信用代码 code", "名称 name", "领域 domain", "行政区划 region", "level");
            foreach (var u in units)
                table.AddRow(u.CreditCode, Markup.Escape(u.Name), Markup.Escape(u.Domain), u.RegionCode, u.Level.ToString());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{units.Count} unit(s)");
            return CliOutput.Ok;
        });

        var unitCode = new Argument<string>("unit") { Description = "The unit's credit code" };
        var off = new Option<bool>("--off") { Description = "Withdraw the designation" };
        var authority = new Command("register-authority", "指定登记机关 Let a unit send the subject register through POST /api/v1/register/subjects with its API key") { unitCode, off };
        authority.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var code = parse.GetValue(unitCode)!.Trim().ToUpperInvariant();
            var unit = await db.Units.SingleOrDefaultAsync(u => u.CreditCode == code, ct);
            if (unit is null)
                return CliOutput.Fail($"没有这个数源单位 No data source unit {code}", CliOutput.Invalid);
            unit.IsRegistrationAuthority = !parse.GetValue(off);
            await db.SaveChangesAsync(ct);
            AnsiConsole.MarkupLine($"{Markup.Escape(unit.Name)}: {(unit.IsRegistrationAuthority ? "登记机关 registration authority" : "不再是登记机关 no longer a registration authority")}");
            return CliOutput.Ok;
        });

        return new Command("units", "Data source units (数源单位).") { import, list, authority };
    }
}
