using System.CommandLine;
using System.Globalization;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Subjects;
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
            var stored = scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().StorageCode(key);
            var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Code == stored, ct);
            if (subject is null)
                return CliOutput.Fail($"No subject with code {(key.Length == 18 && !CreditCode.IsValid(key) ? ResidentId.Mask(key) : key)}.", CliOutput.Invalid);

            var regionName = await db.Regions.Where(r => r.Code == subject.RegionCode).Select(r => r.Name).SingleOrDefaultAsync(ct);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(subject.Name)}[/]");
            AnsiConsole.MarkupLine($"  code 代码: {subject.DisplayCode}");
            AnsiConsole.MarkupLine($"  type 类型: {subject.Type.NameZh()} ({subject.Type.NameEn()})");
            AnsiConsole.MarkupLine($"  region 登记地: {subject.RegionCode} {Markup.Escape(regionName ?? "")}");
            AnsiConsole.MarkupLine(subject.InRegister
                ? $"  register 主体库: {(subject.RegisterStatus is { } st ? $"{st.NameZh()} ({st.NameEn()})" : "已核验身份 identity verified")}{(subject.StatusSince is { } since ? $" since {since:yyyy-MM-dd}" : "")}"
                : "  register 主体库: 不在主体库 not in register (known from records only)");
            if (subject.RegisteredOn is { } established)
                AnsiConsole.MarkupLine($"  established 成立日期: {established:yyyy-MM-dd}");
            if (subject.FormerNames is { } former)
                AnsiConsole.MarkupLine($"  former names 曾用名: {Markup.Escape(former.Replace(";", "、", StringComparison.Ordinal))}");
            var history = await scope.ServiceProvider.GetRequiredService<SubjectDirectory>().HistoryAsync(subject.Id, ct);
            if (history.Count > 0)
            {
                var changes = new Table().AddColumns("生效 effective", "变更 change", "内容 fields", "原 old", "新 new", "报送 sent by", "时间 at (UTC)");
                foreach (var c in history)
                {
                    changes.AddRow(c.EffectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Kind.ToString(), Markup.Escape(c.ChangedFields),
                        Markup.Escape(string.Join(" ", new[] { c.OldName, c.OldStatus?.NameZh() }.OfType<string>())),
                        Markup.Escape(string.Join(" ", new[] { c.NewName, c.NewStatus?.NameZh() }.OfType<string>())),
                        Markup.Escape(c.ChangedBy), c.ChangedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(changes);
            }

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
        return new Command("subjects", "Credit subjects (信用主体) and the subject register (主体库).") { show, Import(services), Search(services), NotInRegister(services) };
    }

    private static Command Import(Func<IServiceProvider> services)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV (UTF-8 with or without BOM, GB18030) or XLSX; header code,name,type,region,registered_on,status,former_names or 统一社会信用代码,名称,主体类型,登记地行政区划,成立日期,登记状态,曾用名" };
        var snapshot = new Option<bool>("--snapshot") { Description = "The file is a full snapshot: registered subjects missing from it leave the register (default: a change file)" };
        var asOf = new Option<string?>("--as-of") { Description = "The day the changes took effect, YYYY-MM-DD (default: today)" };
        var by = new Option<string?>("--by") { Description = "Who sent the file (e.g. the registration authority's credit code); recorded with every change" };
        var encoding = new Option<string?>("--encoding") { Description = "CSV encoding (utf-8, gb18030, gbk); detected when omitted" };
        var sheet = new Option<string?>("--sheet") { Description = "XLSX sheet name (the first sheet by default)" };
        var command = new Command("import", "导入主体库 Import the subject register (full snapshot or change file). Exit 0 all rows accepted, 1 some rejected, 2 the file could not be read")
        {
            file, snapshot, asOf, by, encoding, sheet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
                return CliOutput.Fail($"文件不存在 File not found: {path}");
            DateOnly? effective = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return CliOutput.Fail($"--as-of: 日期应为 YYYY-MM-DD / expected YYYY-MM-DD, got '{text}'");
                effective = d;
            }

            await using var scope = services().CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<RegisterImporter>();
            try
            {
                await using var source = RowSources.Open(path, parse.GetValue(encoding), parse.GetValue(sheet), RegisterLayout.Header);
                var result = await importer.ImportAsync(source, new RegisterImportRequest
                {
                    Snapshot = parse.GetValue(snapshot),
                    FilePath = path,
                    Sha256 = await Cli.Ingest.ImportCommands.Sha256Async(path, ct),
                    SubmittedBy = parse.GetValue(by) ?? "operator:" + Environment.UserName,
                    EffectiveOn = effective,
                }, ct);
                var b = result.Batch;
                AnsiConsole.MarkupLine($"主体库批次 Register batch {b.Id}: {b.Status}");
                AnsiConsole.MarkupLine($"  读取 read {b.RowsRead:N0} · 新增 created {b.Created:N0} · 更新 updated {b.Updated:N0} · 未变 unchanged {b.Unchanged:N0} · 拒绝 rejected {b.Rejected:N0}"
                    + (b.Snapshot ? $" · 移出 left {b.Left:N0}" : ""));
                if (result.ErrorReportCsv is { } csv)
                    AnsiConsole.MarkupLine($"  错误报告 error report: {Markup.Escape(csv)} , {Markup.Escape(result.ErrorReportJson!)}");
                return b.Rejected > 0 ? CliOutput.Invalid : CliOutput.Ok;
            }
            catch (ImportFormatException e)
            {
                return CliOutput.Fail($"无法读取文件：{e.MessageZh}\nThe file could not be read: {e.MessageEn}");
            }
            catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or System.Text.DecoderFallbackException)
            {
                return CliOutput.Fail($"无法读取文件 The file could not be read: {e.Message}");
            }
        });
        return command;
    }

    private static Command Search(Func<IServiceProvider> services)
    {
        var query = new Argument<string>("query") { Description = "The start of a credit code, a full ID number, or the start of a name" };
        var limit = new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 20 };
        var command = new Command("search", "查找信用主体 Find subjects by code or name prefix") { query, limit };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var hits = await scope.ServiceProvider.GetRequiredService<SubjectDirectory>().SearchAsync(parse.GetValue(query)!, parse.GetValue(limit), ct: ct);
            Print(hits);
            return hits.Count == 0 ? CliOutput.Invalid : CliOutput.Ok;
        });
        return command;
    }

    private static Command NotInRegister(Func<IServiceProvider> services)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many", DefaultValueFactory = _ => 50 };
        var command = new Command("not-in-register", "不在主体库的主体 Organisations known only from records") { limit };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var (count, page) = await scope.ServiceProvider.GetRequiredService<SubjectDirectory>().NotInRegisterAsync(0, parse.GetValue(limit), ct);
            Print(page);
            AnsiConsole.MarkupLine($"{count:N0} 个主体不在主体库 subject(s) not in the register");
            return CliOutput.Ok;
        });
        return command;
    }

    private static void Print(IReadOnlyList<SubjectHit> hits)
    {
        var table = new Table().AddColumns("代码 code", "名称 name", "类型 type", "主体库 register");
        foreach (var h in hits)
            table.AddRow(h.DisplayCode, Markup.Escape(h.Name), h.Type.NameZh(), h.InRegister ? h.Status?.NameZh() ?? "已核验 verified" : "不在主体库 not in register");
        AnsiConsole.Write(table);
    }
}
