using System.CommandLine;
using System.Globalization;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Transparency;
using CreditProof.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Cli.Transparency;

/// <summary>
/// <c>creditproof transparency head|verify</c>: export the signed tree head an auditor keeps, and check two heads'
/// signatures and the consistency proof between them (from the database, or offline from a proof file), plus, against
/// the database, that its leaves and reports still give the head's root.
/// </summary>
public static class TransparencyCommands
{
    public static Command Create(Func<IServiceProvider> services)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write the head to this file instead of standard output" };
        var head = new Command("head", "Print the issuance transparency log's latest signed tree head (JSON, as at /.well-known/creditproof/tree-head), to keep for later checks") { output };
        head.SetAction(async (parse, ct) =>
        {
            await using var scope = services().CreateAsyncScope();
            var latest = await TransparencyLog.LatestHeadAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), ct);
            if (latest is null)
                return CliOutput.Fail("the transparency log has no head yet: no report has been issued and sequenced", CliOutput.Invalid);
            var json = latest.ToJson();
            if (parse.GetValue(output) is not { } file)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(json);
                return CliOutput.Ok;
            }

            await File.WriteAllTextAsync(file.FullName, json, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"tree head of size {latest.TreeSize} written to {file.FullName}"));
            return CliOutput.Ok;
        });

        var old = new Option<FileInfo?>("--old") { Description = "An earlier signed tree head you kept (default: the head stored before the latest)" };
        var @new = new Option<FileInfo?>("--new") { Description = "A later signed tree head (default: the latest stored head)" };
        var proof = new Option<FileInfo?>("--proof") { Description = "Consistency proof between the two (JSON of GET /api/v1/transparency/consistency); default: computed from the database" };
        var trustList = new Option<FileInfo?>("--trust-list") { Description = "The platform's signed trust list (trust-list.json) whose keys must have signed the heads; default: this platform's keys" };
        var verify = new Command("verify",
            "Check two signed tree heads and the consistency between them, and (with the database) that its leaves and reports give the head's root; exit 0 ok, 1 naming what failed")
        {
            old, @new, proof, trustList,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            try
            {
                var oldFile = parse.GetValue(old);
                var newFile = parse.GetValue(@new);
                var proofFile = parse.GetValue(proof);
                var trustFile = parse.GetValue(trustList);
                var offline = oldFile is not null && newFile is not null && proofFile is not null && trustFile is not null;
                await using var scope = offline ? null : (AsyncServiceScope?)services().CreateAsyncScope();
                var db = scope?.ServiceProvider.GetRequiredService<CreditProofDbContext>();

                var trust = trustFile is not null
                    ? TrustListDocument.Verify(await File.ReadAllTextAsync(trustFile.FullName, ct)).List
                    : await scope!.Value.ServiceProvider.GetRequiredService<TrustStore>().GetAsync(db!, ct);
                var second = newFile is not null ? await ReadHeadAsync(newFile, ct) : await TransparencyLog.LatestHeadAsync(db!, ct);
                if (second is null)
                    return CliOutput.Fail("the transparency log has no head yet: nothing to verify", CliOutput.Invalid);
                var first = oldFile is not null ? await ReadHeadAsync(oldFile, ct) : await TransparencyLog.PreviousHeadAsync(db!, ct);
                var consistency = proofFile is null ? null : ConsistencyProofDocument.FromJson(await File.ReadAllTextAsync(proofFile.FullName, ct));

                var failures = await CheckAsync(first, second, consistency, trust, db, line => stdout.WriteLineAsync(line), ct);
                foreach (var failure in failures)
                    await parse.InvocationConfiguration.Error.WriteLineAsync("FAILED: " + failure);
                await stdout.WriteLineAsync(failures.Count == 0
                    ? "签发透明日志一致 / the transparency log is consistent"
                    : string.Create(CultureInfo.InvariantCulture, $"签发透明日志核验未通过 / the transparency log check FAILED ({failures.Count} problem(s))"));
                return failures.Count == 0 ? CliOutput.Ok : CliOutput.Invalid;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or FormatException)
            {
                return CliOutput.Fail(e.Message);
            }
        });

        return new Command("transparency", "The issuance transparency log (签发透明日志): signed tree heads and their consistency") { head, verify };
    }

    /// <summary>Every check, in order; returns what failed (empty: all held). Without a database only the heads and the given proof are checked.</summary>
    public static async Task<List<string>> CheckAsync(SignedTreeHead? first, SignedTreeHead second, ConsistencyProofDocument? proof, TrustList trust,
        CreditProofDbContext? db, Func<string, Task> ok, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var head in new[] { first, second }.OfType<SignedTreeHead>())
        {
            if (head.Problem(trust) is { } problem)
                failures.Add(problem);
            else
                await ok(string.Create(CultureInfo.InvariantCulture, $"ok: tree head of size {head.TreeSize} ({head.Time:u}) is signed by {string.Join(", ", head.Signatures.Select(s => $"{s.KeyId} ({s.Algorithm})"))}"));
        }

        if (first is not null)
        {
            if (!string.Equals(first.Issuer, second.Issuer, StringComparison.Ordinal))
                failures.Add($"the heads are of different platforms ({first.Issuer}, {second.Issuer})");
            else if (first.TreeSize > second.TreeSize)
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"the newer head is smaller ({second.TreeSize}) than the older one ({first.TreeSize}): the log lost leaves"));
            else
            {
                if (proof is not null && (proof.First != first.TreeSize || proof.Second != second.TreeSize))
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"the proof file is between sizes {proof.First} and {proof.Second}, the heads are of sizes {first.TreeSize} and {second.TreeSize}"));
                else
                {
                    IReadOnlyList<byte[]>? path = proof?.Hashes();
                    if (path is null)
                    {
                        try
                        {
                            path = await TransparencyLog.ConsistencyProofAsync(db!, first.TreeSize, second.TreeSize, ct);
                        }
                        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidDataException)
                        {
                            failures.Add("no consistency proof from the database: " + e.Message);
                        }
                    }

                    if (path is not null)
                    {
                        if (MerkleTree.VerifyConsistency(first.TreeSize, second.TreeSize, first.RootHash, second.RootHash, path))
                            await ok(string.Create(CultureInfo.InvariantCulture, $"ok: the tree of size {second.TreeSize} extends the tree of size {first.TreeSize} (consistency proof, {path.Count} hashes)"));
                        else
                            failures.Add(string.Create(CultureInfo.InvariantCulture, $"the consistency proof between sizes {first.TreeSize} and {second.TreeSize} does not hold: the log was rewritten"));
                    }
                }
            }
        }

        if (db is not null)
        {
            var size = await TransparencyLog.TreeSizeAsync(db, ct);
            if (size < second.TreeSize)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"the database's log has {size} leaves, the head says {second.TreeSize}: leaves were removed"));
            }
            else
            {
                var problems = await TransparencyLog.AuditAsync(db, second, ct);
                failures.AddRange(problems);
                if (problems.Count == 0)
                    await ok(string.Create(CultureInfo.InvariantCulture, $"ok: the database's {second.TreeSize} leaves match their reports and give the head's root; every issued report is logged or queued"));
            }
        }

        return failures;
    }

    /// <summary>
    /// After issuance: appends the new reports to the log (their queue entries committed with them, so a failure here
    /// only delays this until the next run or the web host's next round; the report stands).
    /// </summary>
    public static async Task SequenceAsync(IServiceProvider services, TextWriter stderr, CancellationToken ct)
    {
        var db = services.GetRequiredService<CreditProofDbContext>();
        try
        {
            await services.GetRequiredService<TransparencyLog>().SequenceAsync(db, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or SigningKeyMissingException)
        {
            await stderr.WriteLineAsync($"警告：报告已出具，尚未记入签发透明日志（网站后台几秒内补记） / warning: the report is issued but not yet in the transparency log ({e.Message}); the web host adds it within seconds");
        }
    }

    private static async Task<SignedTreeHead> ReadHeadAsync(FileInfo file, CancellationToken ct) =>
        SignedTreeHead.FromJson(await File.ReadAllTextAsync(file.FullName, ct));
}
