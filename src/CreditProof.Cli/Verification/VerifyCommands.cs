using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CreditProof.Reports.Lifecycle;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Verification;

/// <summary>
/// <c>creditproof verify</c> (offline with <c>--trust-list</c>, else against the local platform), <c>trust
/// export|import|list|remove</c>, <c>status-list export</c> and <c>report revoke</c>.
/// </summary>
public static class VerifyCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command CreateVerifyCommand(Func<IServiceProvider> services)
    {
        var qr = new Argument<string>("qr-text") { Description = "The QR text as scanned (the URL with #CP1:…) or just CP1:…" };
        var trustList = new Option<FileInfo?>("--trust-list") { Description = "Signed trust list (trust-list.json): verify offline, no database or network" };
        var statusList = new Option<FileInfo?>("--status-list") { Description = "Cached status list of the issuing platform (status-list.cwt) to check revocation and supersession" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify", "Verify a report's QR text; exit code 0 only when the report is authentic and valid")
        {
            qr, trustList, statusList, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            VerificationOutcome outcome;
            try
            {
                outcome = parse.GetValue(trustList) is { } trustFile
                    ? await OfflineAsync(parse.GetValue(qr)!, trustFile, parse.GetValue(statusList), ct)
                    : await LocalAsync(parse.GetValue(qr)!, parse.GetValue(statusList), services, ct);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 3;
            }

            await stdout.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(Describe(outcome), Json) : Text(outcome));
            return outcome.IsValid ? 0 : outcome.Authentic ? 1 : 2;
        });
        return command;
    }

    private static async Task<VerificationOutcome> OfflineAsync(string qr, FileInfo trustFile, FileInfo? statusFile, CancellationToken ct)
    {
        var (list, _, _, _, _) = TrustListDocument.Verify(await File.ReadAllTextAsync(trustFile.FullName, ct));
        var status = statusFile is null ? null : StatusListToken.Verify(await File.ReadAllBytesAsync(statusFile.FullName, ct), list, TimeProvider.System.GetUtcNow());
        using var verifier = new OfflineVerifier(list, status, TimeProvider.System);
        return verifier.Verify(qr);
    }

    private static async Task<VerificationOutcome> LocalAsync(string qr, FileInfo? statusFile, Func<IServiceProvider> services, CancellationToken ct)
    {
        await using var scope = services().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var list = await scope.ServiceProvider.GetRequiredService<TrustStore>().GetAsync(db, ct);
        if (statusFile is not null)
        {
            var token = StatusListToken.Verify(await File.ReadAllBytesAsync(statusFile.FullName, ct), list, TimeProvider.System.GetUtcNow());
            using var offline = new OfflineVerifier(list, token, TimeProvider.System);
            return offline.Verify(qr);
        }

        await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().RefreshAsync(db, ct);
        return await scope.ServiceProvider.GetRequiredService<ReportVerifier>().VerifyQrAsync(qr, scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>(), ct);
    }

    private static object Describe(VerificationOutcome o) => new
    {
        authentic = o.Authentic,
        valid = o.IsValid,
        verdict = o.Verdict.ToString(),
        message = o.Message,
        status = o.Status?.ToString(),
        expired = o.Expired,
        statusReason = o.StatusReason,
        report = o.Report,
    };

    private static string Text(VerificationOutcome o)
    {
        var lines = new List<string>
        {
            o.IsValid ? "真实有效 / authentic and valid"
            : o.Authentic ? "真实，但当前无效 / authentic but not valid"
            : "核验未通过 / NOT authentic",
            $"verdict: {o.Verdict} — {o.Message}",
        };
        if (o.Report is { } r)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"report:   {r.Number} ({r.Issuer} {r.Platform}), template {r.TemplateVersion ?? "—"}, key {r.Algorithm} {r.KeyId}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"subject:  {r.SubjectName} {r.SubjectCode}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"period:   {r.From:yyyy-MM-dd} – {r.To:yyyy-MM-dd}; issued {r.IssuedAt:u}; expires {r.ExpiresAt:u}{(o.Expired ? " (EXPIRED)" : "")}"));
            lines.Add($"status:   {(o.Status?.ToString() ?? "not known offline (give --status-list)")}{(o.StatusReason is null ? "" : " — " + o.StatusReason)}");
            foreach (var d in r.Domains)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {d.NameZh} ({d.NameEn}): {(d.Clean ? "未发现违法违规记录 / no record found" : d.NoConclusion ? "本领域数据暂不完整，不作结论 / data incomplete, no conclusion" : $"{d.Records} 条记录 / record(s)" + (d.Incomplete ? "（数据暂不完整 / data incomplete）" : ""))}"));
        }

        return string.Join('\n', lines);
    }

    public static Command CreateTrustCommand(Func<IServiceProvider> services)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output" };
        var export = new Command("export", "Export the signed trust list (this platform's keys and the imported ones), as published at /.well-known/creditproof/trust-list.json") { output };
        export.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var json = await sp.GetRequiredService<TrustStore>().PublishAsync(sp.GetRequiredService<CreditProofDbContext>(), sp.GetRequiredService<SigningKeyRing>(), ct);
            return await WriteAsync(parse, parse.GetValue(output), json, ct);
        });

        var file = new Argument<FileInfo>("file") { Description = "Another province's signed trust list" };
        var import = new Command("import", "Trust another platform's keys (cross-province recognition); its list's signature is checked first") { file };
        import.SetAction((parse, ct) => ImportAsync(parse, services, async sp =>
        {
            var keys = await sp.GetRequiredService<TrustStore>().ImportAsync(sp.GetRequiredService<CreditProofDbContext>(),
                await File.ReadAllTextAsync(parse.GetValue(file)!.FullName, ct), "cli:" + Environment.UserName, ct);
            return keys.Select(k => $"trusted {k.Id}\t{k.Algorithm.Name()}\t{k.Issuer}\t{k.Platform}");
        }));

        var list = new Command("list", "List the keys this platform trusts");
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var trust = await sp.GetRequiredService<TrustStore>().GetAsync(sp.GetRequiredService<CreditProofDbContext>(), ct);
            foreach (var k in trust.Keys)
                await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{k.Id}\t{k.Algorithm.Name()}\t{k.Issuer}\t{k.Platform}\t{(k.RetiredAt is null ? "current" : "retired")}"));
            return 0;
        });

        var issuer = new Argument<string>("issuer") { Description = "The other platform's issuer code, e.g. CN-11" };
        var remove = new Command("remove", "Stop trusting another platform's keys") { issuer };
        remove.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var n = await sp.GetRequiredService<TrustStore>().RemoveAsync(sp.GetRequiredService<CreditProofDbContext>(), parse.GetValue(issuer)!, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{n} key(s) removed"));
            return n > 0 ? 0 : 1;
        });

        return new Command("trust", "Keys verifiers trust (trust list, 信任列表)") { export, import, list, remove };
    }

    public static Command CreateStatusListCommand(Func<IServiceProvider> services)
    {
        var output = new Option<FileInfo>("--out") { Description = "File to write the signed status list (CWT) to", Required = true };
        var export = new Command("export", "Export the signed status list, as published at /.well-known/creditproof/status-list") { output };
        export.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<CreditProofDbContext>();
            var token = await sp.GetRequiredService<ReportStatusCache>().TokenAsync(db, sp.GetRequiredService<SigningKeyRing>(), ct);
            await File.WriteAllBytesAsync(parse.GetValue(output)!.FullName, token, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"status list ({token.Length} bytes) written to {parse.GetValue(output)!.FullName}"));
            return 0;
        });
        var file = new Argument<FileInfo>("file") { Description = "Another platform's signed status list (CWT, as served at its /.well-known/creditproof/status-list)" };
        var import = new Command("import", "Keep another platform's status list, so that its reports verified here show their status; its key must be trusted first (trust import)") { file };
        import.SetAction((parse, ct) => ImportAsync(parse, services, async sp =>
        {
            var token = await sp.GetRequiredService<ForeignStatusStore>().ImportAsync(sp.GetRequiredService<CreditProofDbContext>(),
                await File.ReadAllBytesAsync(parse.GetValue(file)!.FullName, ct), "cli:" + Environment.UserName, ct);
            return [string.Create(CultureInfo.InvariantCulture, $"status list of {token.Issuer} issued {token.IssuedAt:u}, valid until {token.ExpiresAt:u}, {token.List.Capacity} entries")];
        }));

        var list = new Command("list", "List the other platforms' status lists held here, and whether each is usable");
        list.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var store = sp.GetRequiredService<ForeignStatusStore>();
            store.Invalidate();
            foreach (var (issuer, held) in (await store.GetAsync(sp.GetRequiredService<CreditProofDbContext>(), ct)).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(held.Token is { } t
                    ? string.Create(CultureInfo.InvariantCulture, $"{issuer}	issued {t.IssuedAt:u}	valid until {t.ExpiresAt:u}")
                    : $"{issuer}	not usable: {held.Problem}");
            }

            return 0;
        });

        return new Command("status-list", "Report status lists: this platform's for offline verifiers, other platforms' for verification here") { export, import, list };
    }

    public static Command CreateRevokeCommand(Func<IServiceProvider> services)
    {
        var number = new Argument<string>("number") { Description = "Report number" };
        var reason = new Option<string>("--reason") { Description = "Why (recorded and shown to verifiers)", Required = true };
        var revoke = new Command("revoke", "Revoke an issued report (operator decision, final)") { number, reason };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            try
            {
                var done = await ReportRevocation.RevokeAsync(db, parse.GetValue(number)!, parse.GetValue(reason)!, "cli:" + Environment.UserName, DateTime.UtcNow, ct);
                await parse.InvocationConfiguration.Output.WriteLineAsync(done ? "revoked" : "no such report, or already revoked");
                return done ? 0 : 1;
            }
            catch (ArgumentException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        return revoke;
    }

    /// <summary>Runs an import: what it took on standard output and exit 0, or why it was refused on standard error and exit 2.</summary>
    private static async Task<int> ImportAsync(ParseResult parse, Func<IServiceProvider> services, Func<IServiceProvider, Task<IEnumerable<string>>> import)
    {
        await using var scope = services().CreateAsyncScope();
        try
        {
            foreach (var line in await import(scope.ServiceProvider))
                await parse.InvocationConfiguration.Output.WriteLineAsync(line);
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static async Task<int> WriteAsync(ParseResult parse, FileInfo? file, string text, CancellationToken ct)
    {
        if (file is null)
        {
            await parse.InvocationConfiguration.Output.WriteAsync(text);
            return 0;
        }

        await File.WriteAllTextAsync(file.FullName, text, ct);
        await parse.InvocationConfiguration.Output.WriteLineAsync($"written to {file.FullName}");
        return 0;
    }
}
