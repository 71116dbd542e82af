using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using CreditProof.Cli.Reports;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CreditProof.Cli.Ingest;

/// <summary>
/// <c>creditproof import</c>, <c>creditproof batches list|show</c> and <c>creditproof units key issue|revoke|list</c>.
/// Exit codes: 0 all rows accepted (or out of scope), 2 rows were rejected, 1 the import failed as a whole.
/// </summary>
public static class ImportCommands
{
    public const int ExitRejectedRows = 2;
    public const int ExitFailed = 1;

    public static IEnumerable<Command> Create(Func<IServiceProvider> services)
    {
        yield return CreateImportCommand(services);
        yield return CreateBatchesCommand(services);
        var units = new Command("units", "数据来源单位 Data source units");
        units.Subcommands.Add(CreateKeyCommand(services));
        yield return units;
    }

    public static Command CreateImportCommand(Func<IServiceProvider> services)
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV, XLSX or JSON file of records" };
        var type = new Option<string?>("--type") { Description = "Record type; detected from the headers when omitted" };
        type.AcceptOnlyFromAmong("penalty", "enforcement", "dishonesty", "criminal");
        var unit = new Option<string?>("--unit") { Description = "The submitting unit's credit code; rows without a unit column belong to it" };
        var encoding = new Option<string?>("--encoding") { Description = "CSV encoding (utf-8, gb18030, gbk); detected when omitted" };
        var sheet = new Option<string?>("--sheet") { Description = "XLSX sheet name (the first sheet by default)" };
        var atomic = new Option<bool>("--atomic") { Description = "Accept all rows or none" };
        var command = new Command("import", "导入违法违规记录 Import violation records from a batch file") { file, type, unit, encoding, sheet, atomic };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]文件不存在 File not found:[/] {path}");
                return ExitFailed;
            }

            var provider = services();
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var importer = new RecordImporter(db, scope.ServiceProvider.GetRequiredService<PlatformClock>(),
                scope.ServiceProvider.GetRequiredService<PlatformOptions>(), Options(scope.ServiceProvider), scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>());
            var unitCode = parse.GetValue(unit);
            var sha = await Sha256Async(path, ct);
            ImportRequest Request(IProgress<ImportProgress> progress) => new()
            {
                Type = RecordTypes.FromSlug(parse.GetValue(type)),
                UnitCode = unitCode,
                Atomic = parse.GetValue(atomic),
                FilePath = path,
                Sha256 = sha,
                SubmittedBy = unitCode ?? "operator:" + Environment.UserName,
                Progress = progress,
            };

            try
            {
                await using var source = RowSources.Open(path, parse.GetValue(encoding), parse.GetValue(sheet));
                var result = await RunWithProgressAsync(importer, source, path, Request, ct);
                PrintSummary(result);
                await LifecycleCommands.ApplyPendingAsync(scope.ServiceProvider, db, ct);
                return result.Batch.Rejected > 0 || result.Batch.Status == BatchStatus.Failed ? ExitRejectedRows : 0;
            }
            catch (ImportFormatException e)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]导入失败：{e.MessageZh}[/]");
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Import failed: {e.MessageEn}[/]");
                return ExitFailed;
            }
        });
        return command;
    }

    public static Command CreateBatchesCommand(Func<IServiceProvider> services)
    {
        var unit = new Option<string?>("--unit") { Description = "Only this unit's batches" };
        var limit = new Option<int>("--limit") { Description = "How many batches, newest first", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "列出导入批次 List import batches") { unit, limit };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var code = parse.GetValue(unit)?.Trim().ToUpperInvariant();
            var rows = await db.Batches.AsNoTracking()
                .Where(b => code == null || db.Units.Any(u => u.Id == b.UnitId && u.CreditCode == code))
                .OrderByDescending(b => b.StartedAt).Take(parse.GetValue(limit))
                .Select(b => new { Batch = b, Unit = db.Units.Where(u => u.Id == b.UnitId).Select(u => u.CreditCode).FirstOrDefault() })
                .ToListAsync(ct);
            var table = new Table().AddColumns("批次 Batch", "单位 Unit", "类型 Type", "文件 File", "状态 Status", "读取 Read", "新增 Accepted", "更新 Updated",
                "未变 Unchanged", "拒绝 Rejected", "范围外 Out of scope", "开始 Started (UTC)");
            foreach (var r in rows)
            {
                var b = r.Batch;
                table.AddRow(Markup.Escape(b.Id.ToString()), Markup.Escape(r.Unit ?? "-"), b.RecordType?.Slug() ?? "-", Markup.Escape(b.FileName ?? b.Channel.ToString()),
                    b.Status.ToString(), N(b.RowsRead), N(b.Accepted), N(b.Updated), N(b.Unchanged), N(b.Rejected), N(b.OutOfScope),
                    b.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }

            Widen();
            AnsiConsole.Write(table);
            return 0;
        });

        var id = new Argument<string>("id") { Description = "Batch id (or its first characters)" };
        var show = new Command("show", "查看导入批次 Show one import batch") { id };
        show.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var text = parse.GetValue(id)!.Trim();
            var batches = Guid.TryParse(text, out var guid)
                ? await db.Batches.AsNoTracking().Where(b => b.Id == guid).ToListAsync(ct)
                : (await db.Batches.AsNoTracking().OrderByDescending(b => b.StartedAt).Take(10_000).ToListAsync(ct))
                    .Where(b => b.Id.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (batches.Count != 1)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{(batches.Count == 0 ? "没有这个批次 No such batch" : "批次编号不唯一 Ambiguous batch id")}:[/] {text}");
                return ExitFailed;
            }

            var b = batches[0];
            var unitCode = await db.Units.Where(u => u.Id == b.UnitId).Select(u => u.CreditCode).FirstOrDefaultAsync(ct);
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string name, string? value) => grid.AddRow(new Text(name), new Text(value ?? "-"));
            Row("批次 Batch", b.Id.ToString());
            Row("单位 Unit", unitCode);
            Row("渠道 Channel", b.Channel.ToString());
            Row("类型 Type", b.RecordType?.Slug());
            Row("文件 File", b.FileName);
            Row("SHA-256", b.Sha256);
            Row("模式 Mode", b.Atomic ? "atomic" : "default");
            Row("状态 Status", b.Status.ToString());
            Row("读取 Read", N(b.RowsRead));
            Row("新增 Accepted", N(b.Accepted));
            Row("更新 Updated", N(b.Updated));
            Row("未变 Unchanged", N(b.Unchanged));
            Row("拒绝 Rejected", N(b.Rejected));
            Row("范围外 Out of scope", N(b.OutOfScope));
            Row("迟报 Late (>7 working days)", N(b.Late));
            Row("提交人 Submitted by", b.SubmittedBy);
            Row("开始 Started (UTC)", b.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            Row("完成 Completed (UTC)", b.CompletedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            Row("错误报告 Error report", b.ErrorReportPath);
            Row("说明 Message", b.Message);
            AnsiConsole.Write(grid);
            return 0;
        });

        var batches = new Command("batches", "导入批次 Import batches");
        batches.Subcommands.Add(list);
        batches.Subcommands.Add(show);
        return batches;
    }

    /// <summary><c>key issue|revoke|list</c>, to sit under the <c>units</c> command.</summary>
    public static Command CreateKeyCommand(Func<IServiceProvider> services)
    {
        var unit = new Argument<string>("unit") { Description = "The unit's credit code" };
        var label = new Option<string?>("--label") { Description = "What the key is for (e.g. the unit's system)" };
        var issue = new Command("issue", "签发接口密钥 Issue an API key (shown once)") { unit, label };
        issue.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var keys = new UnitApiKeys(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);
            try
            {
                var issued = await keys.IssueAsync(parse.GetValue(unit)!, "operator:" + Environment.UserName, parse.GetValue(label), ct);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Key {issued.Id} for {issued.UnitCode} (prefix {issued.Prefix}). 密钥只显示这一次 Shown only once:");
                Console.WriteLine(issued.Key);
                return 0;
            }
            catch (InvalidOperationException e)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{e.Message}[/]");
                return ExitFailed;
            }
        });

        var keyId = new Argument<string>("key") { Description = "Key id or prefix" };
        var revoke = new Command("revoke", "吊销接口密钥 Revoke an API key") { keyId };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var keys = new UnitApiKeys(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);
            if (await keys.RevokeAsync(parse.GetValue(keyId)!, "operator:" + Environment.UserName, ct))
            {
                AnsiConsole.MarkupLine("已吊销 Revoked.");
                return 0;
            }

            AnsiConsole.MarkupLine("[red]没有匹配的有效密钥 No active key matches.[/]");
            return ExitFailed;
        });

        var unitFilter = new Option<string?>("--unit") { Description = "Only this unit's keys" };
        var list = new Command("list", "列出接口密钥 List API keys (never the secrets)") { unitFilter };
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var keys = new UnitApiKeys(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), TimeProvider.System);
            var table = new Table().AddColumns("Id", "单位 Unit", "前缀 Prefix", "标签 Label", "签发 Issued (UTC)", "吊销 Revoked (UTC)");
            foreach (var k in await keys.ListAsync(parse.GetValue(unitFilter)?.Trim().ToUpperInvariant(), ct))
            {
                table.AddRow(N(k.Id), Markup.Escape(k.Unit.CreditCode), Markup.Escape(k.Prefix), Markup.Escape(k.Label ?? ""),
                    k.IssuedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), k.RevokedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "");
            }

            Widen();
            AnsiConsole.Write(table);
            return 0;
        });

        var key = new Command("key", "接口密钥 API keys of data source units");
        key.Subcommands.Add(issue);
        key.Subcommands.Add(revoke);
        key.Subcommands.Add(list);
        return key;
    }

    private static IngestOptions Options(IServiceProvider services) => services.GetRequiredService<IngestOptions>();

    private static async Task<ImportResult> RunWithProgressAsync(RecordImporter importer, IRowSource source, string path,
        Func<IProgress<ImportProgress>, ImportRequest> request, CancellationToken ct)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Redirected output (scripts, CI, the kill test): plain progress lines instead of a live bar.
            var reported = 0;
            var lines = new InlineProgress(p =>
            {
                if (p.RowsWritten - reported < 10_000)
                    return;
                reported = p.RowsWritten;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress: {p.RowsRead} rows read, {p.RowsWritten} valid rows written"));
                Console.Out.Flush();
            });
            return await importer.ImportAsync(source, request(lines), ct);
        }

        ImportResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var name = Path.GetFileName(path);
                var task = ctx.AddTask(Markup.Escape(name), maxValue: 1000);
                var bar = new InlineProgress(p =>
                {
                    task.Description = Markup.Escape($"{name} · {N(p.RowsRead)} rows read · {N(p.RowsWritten)} written");
                    if (p.Fraction is { } f)
                        task.Value = Math.Min(1000, f * 1000);
                    else
                        task.IsIndeterminate = true;
                });
                result = await importer.ImportAsync(source, request(bar), ct);
                task.Value = 1000;
            });
        return result!;
    }

    private static void PrintSummary(ImportResult result)
    {
        var b = result.Batch;
        var table = new Table().Title($"批次 Batch {b.Id}").AddColumns("", "行数 Rows");
        table.AddRow("读取 Read", N(b.RowsRead));
        table.AddRow("新增 Accepted (new records)", N(b.Accepted));
        table.AddRow("更新 Updated (new versions)", N(b.Updated));
        table.AddRow("未变 Unchanged", N(b.Unchanged));
        table.AddRow(b.Rejected > 0 ? "[red]拒绝 Rejected[/]" : "拒绝 Rejected", N(b.Rejected));
        table.AddRow("范围外 Out of scope", N(b.OutOfScope));
        table.AddRow("迟报 Late (>7 working days)", N(b.Late));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"状态 Status: {b.Status}{(b.Message is null ? "" : " — " + b.Message)}");
        if (result.ErrorReportCsv is not null)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"错误报告 Error report: {result.ErrorReportCsv}");
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"                      {result.ErrorReportJson}");
        }
    }

    internal static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>Output piped to a file or another program is not cut to 80 columns.</summary>
    private static void Widen()
    {
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 240);
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to a context the console does not have).</summary>
    private sealed class InlineProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
