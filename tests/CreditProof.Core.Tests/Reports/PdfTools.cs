using System.Diagnostics;

namespace CreditProof.Tests.Reports;

/// <summary>
/// Runs the command-line tools that check produced PDFs independently: poppler's pdfsig, pdffonts and pdftotext, qpdf,
/// MuPDF's mutool, NSS's certutil (scripts/install-prerequisites.sh installs them).
/// </summary>
public static class PdfTools
{
    public sealed record Output(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;
    }

    public static Output Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} could not be started: install it (scripts/install-prerequisites.sh test).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{tool} did not finish within 2 minutes");
        return new Output(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Writes <paramref name="pdf"/> to a temporary file, runs <paramref name="check"/> with its path and removes it.</summary>
    public static T WithFile<T>(byte[] pdf, Func<string, T> check)
    {
        var dir = Directory.CreateTempSubdirectory("cp-pdf-");
        try
        {
            var path = Path.Combine(dir.FullName, "report.pdf");
            File.WriteAllBytes(path, pdf);
            return check(path);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>pdfsig's report, with <paramref name="trustedRootPem"/> (if given) as the one trusted root of a fresh NSS database.</summary>
    public static Output PdfSig(byte[] pdf, string? trustedRootPem = null) => WithFile(pdf, path =>
    {
        var nss = Path.Combine(Path.GetDirectoryName(path)!, "nss");
        Directory.CreateDirectory(nss);
        Assert.Equal(0, Run("certutil", "-N", "-d", "sql:" + nss, "--empty-password").ExitCode);
        if (trustedRootPem is not null)
        {
            // certutil -A takes the first certificate of a file: one file per root.
            var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            roots.ImportFromPem(trustedRootPem);
            for (var i = 0; i < roots.Count; i++)
            {
                var root = Path.Combine(Path.GetDirectoryName(path)!, $"root{i}.der");
                File.WriteAllBytes(root, roots[i].RawData);
                var added = Run("certutil", "-A", "-d", "sql:" + nss, "-n", $"creditproof-root-{i}", "-t", "C,C,", "-i", root);
                Assert.True(added.ExitCode == 0, "certutil -A failed: " + added.All);
            }
        }

        return Run("pdfsig", "-nssdir", "sql:" + nss, path);
    });
}
