using System.CommandLine;
using System.Globalization;
using CreditProof.Identifiers;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Subjects;

public static class SubjectCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var code = new Argument<string>("code") { Description = "Credit code or ID number of the subject" };
        var show = new Command("show", "Show a subject and all its records. 查看信用主体。") { code };
        show.SetAction(async (parse, ct) =>
        {
            var key = (parse.GetValue(code) ?? "").Trim().ToUpperInvariant();
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Code == key, ct);
            if (subject is null)
                return CliOutput.Fail($"No subject with code {(key.Length == 18 && !CreditCode.IsValid(key) ? ResidentId.Mask(key) : key)}.", CliOutput.Invalid);

            var regionName = await db.Regions.Where(r => r.Code == subject.RegionCode).Select(r => r.Name).SingleOrDefaultAsync(ct);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(subject.Name)}[/]");
            AnsiConsole.MarkupLine($"  code 代码: {subject.DisplayCode}");
            AnsiConsole.MarkupLine($"  type 类型: {subject.Type.NameZh()} ({subject.Type.NameEn()})");
            AnsiConsole.MarkupLine($"  region 登记地: {subject.RegionCode} {Markup.Escape(regionName ?? "")}");

            var records = await db.Records.AsNoTracking().Where(r => r.SubjectId == subject.Id)
                .OrderByDescending(r => r.DecisionDate)
                .Select(r => new { r.Type, r.DocumentNumber, r.DecisionDate, r.Status, r.RepairStatus, r.RepairedOn, r.Version, Domain = r.Unit.Domain.NameZh, Unit = r.Unit.Name })
                .ToListAsync(ct);
            if (records.Count == 0)
            {
                AnsiConsole.MarkupLine("  records 记录: none 无");
                return CliOutput.Ok;
            }

            var table = new Table().AddColumns("领域 domain", "类型 type", "文号 document", "决定日期 date", "状态 status", "修复 repair", "版本 v", "数源单位 unit");
            foreach (var r in records)
            {
                table.AddRow(Markup.Escape(r.Domain), r.Type.NameZh(), Markup.Escape(r.DocumentNumber),
                    r.DecisionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Status.NameZh(),
                    r.RepairStatus == RepairStatus.Repaired ? $"已修复 {r.RepairedOn:yyyy-MM-dd}" : r.RepairStatus == RepairStatus.PublicityEnded ? $"公示期满 {r.RepairedOn:yyyy-MM-dd}" : "",
                    r.Version.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Unit));
            }

            AnsiConsole.Write(table);
            return CliOutput.Ok;
        });
        return new Command("subjects", "Credit subjects (信用主体).") { show };
    }
}
