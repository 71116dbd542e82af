using System.CommandLine;
using System.Globalization;
using System.Text;
using CreditProof.Audit;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Audit;

/// <summary><c>creditproof audit verify | list | checkpoint</c>: the auditor's commands.</summary>
public static class AuditCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var audit = new Command("audit", "The audit trail (审计日志): check the chain, list entries, export a signed checkpoint");
        audit.Subcommands.Add(Verify(services));
        audit.Subcommands.Add(List(services));
        audit.Subcommands.Add(Checkpoint(services));
        return audit;
    }

    private static Command Verify(Func<IServiceProvider> services)
    {
        var kept = new Option<FileInfo?>("--checkpoint") { Description = "A checkpoint exported earlier (audit checkpoint --out) and kept outside the database: the chain must still contain it" };
        var command = new Command("verify", "Recompute the hash chain and check every signed checkpoint; exit 0 when intact, 1 naming the first broken entry") { kept };
        command.SetAction(async (parse, ct) =>
        {
            ExportedCheckpoint? checkpoint = null;
            if (parse.GetValue(kept) is { } file)
            {
                try
                {
                    checkpoint = ExportedCheckpoint.Read(await File.ReadAllTextAsync(file.FullName, ct));
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or IOException or FormatException)
                {
                    return CliOutput.Fail($"the checkpoint file {file.FullName} cannot be read: {e.Message}");
                }

                if (checkpoint is null || !AuditVerifier.SignaturesVerify(checkpoint))
                    return CliOutput.Fail($"the checkpoint file {file.FullName} is not a signed checkpoint whose signatures verify", CliOutput.Invalid);
            }

            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync(db, ct);
            var result = await AuditVerifier.VerifyAsync(db, checkpoint, ct: ct);
            if (!result.Intact)
                return CliOutput.Fail(result.Describe(), CliOutput.Invalid);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.Describe());
            return CliOutput.Ok;
        });
        return command;
    }

    private static Command List(Func<IServiceProvider> services)
    {
        var actor = new Option<string?>("--actor") { Description = "Only this actor (a staff user name, unit-key:{code}, cli:{user}, subject:{code})" };
        var subject = new Option<string?>("--subject") { Description = "Only entries about this subject (credit code or ID number)" };
        var since = new Option<string?>("--since") { Description = "From this day (YYYY-MM-DD, platform time) or time (ISO 8601)" };
        var action = new Option<string?>("--action") { Description = "Actions starting with this text, e.g. 'sign-in' or 'cli import'" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 50 };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write them as CSV (UTF-8, formula-safe) to this file instead" };
        var command = new Command("list", "List audit entries, newest first") { actor, subject, since, action, limit, csv };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var clock = scope.ServiceProvider.GetRequiredService<PlatformClock>();
            Guid? subjectId = null;
            if (parse.GetValue(subject) is { Length: > 0 } code)
            {
                subjectId = await scope.ServiceProvider.GetRequiredService<SubjectDirectory>().FindIdAsync(code, ct);
                if (subjectId is null)
                    return CliOutput.Fail("no subject has this code / 没有该代码的主体", CliOutput.Invalid);
            }

            DateTime? sinceUtc = null;
            if (parse.GetValue(since) is { Length: > 0 } text)
            {
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    sinceUtc = clock.StartOfDayUtc(day);
                else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                    sinceUtc = at.UtcDateTime;
                else
                    return CliOutput.Fail($"--since '{text}' is neither a day (YYYY-MM-DD) nor a time (ISO 8601)");
            }

            var filter = new AuditFilter(parse.GetValue(actor), subjectId, sinceUtc, Action: parse.GetValue(action));
            var max = Math.Clamp(parse.GetValue(limit), 1, 1_000_000);
            if (parse.GetValue(csv) is { } file)
            {
                await using var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(true));
                await AuditTrail.WriteCsvAsync(db, filter, writer, max, t => clock.Format(t), ct);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"written: {file.FullName}");
                return CliOutput.Ok;
            }

            var output = parse.InvocationConfiguration.Output;
            foreach (var e in await AuditTrail.Query(db, filter).Take(max).ToListAsync(ct))
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Id,8} {clock.Format(e.At)} {e.Outcome,-9} {e.Role,-9} {e.Actor,-24} {e.Action} {e.ObjectId} {e.Detail}"));
            return CliOutput.Ok;
        });
        return command;
    }

    private static Command Checkpoint(Func<IServiceProvider> services)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write the latest signed checkpoint (JSON, with the public keys) to this file, to keep outside the database" };
        var command = new Command("checkpoint", "Seal pending entries, sign a checkpoint and print or export the latest one") { output };
        command.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync(db, ct);
            if (await AuditVerifier.ExportLatestAsync(db, ct) is not { } latest)
                return CliOutput.Fail("there is no signed checkpoint yet (the trail is empty or no signing key exists)", CliOutput.Invalid);
            var json = latest.ToJson();
            if (parse.GetValue(output) is { } file)
                await File.WriteAllTextAsync(file.FullName, json, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(json);
            return CliOutput.Ok;
        });
        return command;
    }
}
