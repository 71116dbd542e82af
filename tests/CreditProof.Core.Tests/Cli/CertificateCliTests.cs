using System.Security.Cryptography.X509Certificates;
using CreditProof.Tests.Reports;

namespace CreditProof.Tests.Cli;

/// <summary><c>creditproof keys create</c> and <c>keys certificates …</c>: the PDF signature's chain, made and rotated from the command line.</summary>
[Trait("Category", "Database")]
public sealed class CertificateCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("cp_certificates_").FullName;

    [Fact]
    public async Task Keys_create_makes_the_root_and_signing_certificate_rotate_replaces_them_and_the_report_issued_after_is_trusted_under_the_exported_roots()
    {
        var created = await Succeeds("keys", "create");
        Assert.Contains("root certificate\tactive", created.Output, StringComparison.Ordinal);
        Assert.Contains("signing certificate\tactive", created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", created.Output, StringComparison.Ordinal);
        // A second key: the chain exists, nothing more is made.
        Assert.DoesNotContain("certificate", (await Succeeds("keys", "create", "--algorithm", "p256")).Output, StringComparison.Ordinal);

        var rotated = await Succeeds("keys", "certificates", "rotate", "--root");
        Assert.Contains("root certificate\tactive", rotated.Output, StringComparison.Ordinal);
        var list = (await Succeeds("keys", "certificates", "list")).Output;
        Assert.Equal(2, list.Split('\n').Count(l => l.Contains("root certificate\tretired", StringComparison.Ordinal) || l.Contains("signing certificate\tretired", StringComparison.Ordinal)));

        await Succeeds("keys", "certificates", "export-roots", "--out", "roots.pem");
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Path.Combine(_workingDirectory, "roots.pem"));
        Assert.Equal(2, roots.Count); // the retired root stays: files signed under it still verify

        await using (var db = database.CreateContext())
        {
            var subject = await TestData.SubjectAsync(db, "命令行证书测试有限公司");
            await Succeeds("report", "issue", "--subject", subject.Code, "--out", "report.pdf");
        }

        var pdfsig = PdfTools.PdfSig(await File.ReadAllBytesAsync(Path.Combine(_workingDirectory, "report.pdf")), await File.ReadAllTextAsync(Path.Combine(_workingDirectory, "roots.pem")));
        Assert.Contains("Signature is Valid", pdfsig.Out, StringComparison.Ordinal);
        Assert.Contains("Certificate is Trusted", pdfsig.Out, StringComparison.Ordinal);
    }

    private Task<CliRunner.Result> Run(params string[] args) => CliRunner.RunAsync(database.Settings, _workingDirectory, args);

    private async Task<CliRunner.Result> Succeeds(params string[] args)
    {
        var result = await Run(args);
        Assert.True(result.ExitCode == 0, $"creditproof {string.Join(' ', args)} failed ({result.ExitCode}): {result.Output}{result.Error}");
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
