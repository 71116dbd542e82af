using System.Text.Json;
using CreditProof.Storage;

namespace CreditProof.Tests.Cli;

[Trait("Category", "Database")]
public sealed class VerifyCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("cp_verify_").FullName;

    [Fact]
    public async Task Verify_works_offline_on_the_qr_text_printed_by_report_issue_and_sees_a_revocation_in_the_status_list()
    {
        await using (var db = database.CreateContext())
        {
            var unit = await TestData.UnitAsync(db);
            var subject = await TestData.SubjectAsync(db, "命令行核验有限公司");
            await TestData.PenaltyAsync(db, subject, unit, new DateOnly(2025, 5, 6));
            await Succeeds("keys", "create");
            var issued = JsonDocument.Parse((await Succeeds("report", "issue", "--subject", subject.Code, "--domains", "市场监管,税务")).Output).RootElement;
            var qr = issued.GetProperty("qrText").GetString()!;
            var number = issued.GetProperty("reportNumber").GetString()!;

            await Succeeds("trust", "export", "--out", "trust.json");
            await Succeeds("status-list", "export", "--out", "status.cwt");

            // Offline: point the CLI at a database that does not exist; with --trust-list it must not need one.
            var offline = await CliRunner.RunAsync(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=/nonexistent/none.db;Mode=ReadOnly" },
                _workingDirectory, "verify", qr, "--trust-list", "trust.json", "--status-list", "status.cwt");
            Assert.True(offline.ExitCode == 0, offline.Output + offline.Error);
            Assert.Contains("真实有效", offline.Output, StringComparison.Ordinal);
            Assert.Contains("命令行核验有限公司", offline.Output, StringComparison.Ordinal);
            Assert.Contains("市场监管", offline.Output, StringComparison.Ordinal);

            var tampered = qr[..^4] + (qr[^4] == 'x' ? "y" : "x") + qr[^3..];
            var bad = await Run("verify", tampered, "--trust-list", "trust.json");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("NOT authentic", bad.Output, StringComparison.Ordinal);

            await Succeeds("report", "revoke", number, "--reason", "测试撤销");
            await Succeeds("status-list", "export", "--out", "status2.cwt");
            var revoked = await Run("verify", qr, "--trust-list", "trust.json", "--status-list", "status2.cwt");
            Assert.Equal(1, revoked.ExitCode);
            Assert.Contains("Revoked", revoked.Output, StringComparison.Ordinal);

            // Other platforms' lists are imported for verification here; this platform's own is refused.
            var own = await Run("status-list", "import", "status2.cwt");
            Assert.Equal(2, own.ExitCode);
            Assert.Contains("own code", own.Error, StringComparison.Ordinal);
            Assert.Equal("", (await Succeeds("status-list", "list")).Output.Trim());

            // A trust list changed after signing is refused before anything is verified.
            var path = Path.Combine(_workingDirectory, "trust.json");
            await File.WriteAllTextAsync(Path.Combine(_workingDirectory, "forged.json"), (await File.ReadAllTextAsync(path)).Replace("CN-14", "CN-15", StringComparison.Ordinal));
            var forged = await Run("verify", qr, "--trust-list", "forged.json");
            Assert.Equal(3, forged.ExitCode);
            Assert.Contains("trust list", forged.Error, StringComparison.Ordinal);

            // Without --trust-list: the local platform's keys and statuses.
            var local = await Run("verify", qr, "--json");
            Assert.Equal(1, local.ExitCode);
            Assert.Equal("Revoked", JsonDocument.Parse(local.Output).RootElement.GetProperty("status").GetString());
        }
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
