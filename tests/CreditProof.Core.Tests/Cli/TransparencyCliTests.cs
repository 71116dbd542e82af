using System.Text.Json;
using CreditProof.Storage;
using CreditProof.Transparency;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Cli;

[Trait("Category", "Database")]
public sealed class TransparencyCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("cp_transparency_").FullName;

    [Fact]
    public async Task Report_issue_appends_to_the_log_and_transparency_verify_passes_until_a_report_is_altered()
    {
        string first;
        await using (var db = database.CreateContext())
        {
            var unit = await TestData.UnitAsync(db);
            var a = await TestData.SubjectAsync(db, "透明日志命令行甲有限公司");
            var b = await TestData.SubjectAsync(db, "透明日志命令行乙有限公司");
            await TestData.PenaltyAsync(db, a, unit, new DateOnly(2025, 5, 6));
            await Succeeds("keys", "create");
            first = JsonDocument.Parse((await Succeeds("report", "issue", "--subject", a.Code, "--domains", "市场监管")).Output).RootElement.GetProperty("reportNumber").GetString()!;
            // report issue sequenced it: nothing is left queued.
            Assert.Equal(0, await TransparencyLog.QueuedAsync(db));
            await Succeeds("transparency", "head", "--out", "head1.json");
            await Succeeds("report", "issue", "--subject", b.Code, "--domains", "市场监管");
            await Succeeds("transparency", "head", "--out", "head2.json");
        }

        var head1 = SignedTreeHead.FromJson(await File.ReadAllTextAsync(Path.Combine(_workingDirectory, "head1.json")));
        var head2 = SignedTreeHead.FromJson(await File.ReadAllTextAsync(Path.Combine(_workingDirectory, "head2.json")));
        Assert.Equal(head1.TreeSize + 1, head2.TreeSize);

        var stored = await Succeeds("transparency", "verify");
        Assert.Contains("consistency proof", stored.Output, StringComparison.Ordinal);
        Assert.Contains("is consistent", stored.Output, StringComparison.Ordinal);
        await Succeeds("transparency", "verify", "--old", "head1.json", "--new", "head2.json");

        // Offline, as an auditor: the two heads, the proof the API serves, the trust list; no database at all.
        await Succeeds("trust", "export", "--out", "trust.json");
        await using (var db = database.CreateContext())
        {
            var proof = ConsistencyProofDocument.From(head1.TreeSize, head2.TreeSize, await TransparencyLog.ConsistencyProofAsync(db, head1.TreeSize, head2.TreeSize));
            await File.WriteAllTextAsync(Path.Combine(_workingDirectory, "proof.json"), JsonSerializer.Serialize(proof));
            await File.WriteAllTextAsync(Path.Combine(_workingDirectory, "wrong-proof.json"),
                JsonSerializer.Serialize(proof with { ConsistencyPath = [.. proof.ConsistencyPath.Select(_ => Convert.ToBase64String(new byte[32]))] }));
        }

        var none = new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=/nonexistent/none.db;Mode=ReadOnly" };
        var offline = await CliRunner.RunAsync(none, _workingDirectory, "transparency", "verify", "--old", "head1.json", "--new", "head2.json", "--proof", "proof.json", "--trust-list", "trust.json");
        Assert.True(offline.ExitCode == 0, offline.Output + offline.Error);
        var forgedProof = await CliRunner.RunAsync(none, _workingDirectory, "transparency", "verify", "--old", "head1.json", "--new", "head2.json", "--proof", "wrong-proof.json", "--trust-list", "trust.json");
        Assert.Equal(1, forgedProof.ExitCode);
        Assert.Contains("consistency proof", forgedProof.Error, StringComparison.Ordinal);

        // A head whose size was changed after signing is refused by its signature.
        var forgedHead = (head2 with { TreeSize = head2.TreeSize + 1 }).ToJson();
        await File.WriteAllTextAsync(Path.Combine(_workingDirectory, "forged-head.json"), forgedHead);
        var forged = await Run("transparency", "verify", "--old", "head1.json", "--new", "forged-head.json");
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("signature", forged.Error, StringComparison.Ordinal);

        // The operator alters the first report's stored content hash: verify names the report.
        await using (var db = database.CreateContext())
            await db.IssuedReports.Where(r => r.Number == first.Replace("-", "", StringComparison.Ordinal)).ExecuteUpdateAsync(s => s.SetProperty(r => r.ContentSha256, new string('a', 64)));
        var tampered = await Run("transparency", "verify", "--old", "head1.json");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains(first.Replace("-", "", StringComparison.Ordinal), tampered.Error, StringComparison.Ordinal);
        Assert.Contains("FAILED", tampered.Output, StringComparison.Ordinal);
    }

    private Task<CliRunner.Result> Run(params string[] args) => CliRunner.RunAsync(database.Settings, _workingDirectory, args);

    private async Task<CliRunner.Result> Succeeds(params string[] args)
    {
        var result = await Run(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)} failed ({result.ExitCode}): {result.Output}\n{result.Error}");
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
