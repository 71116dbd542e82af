using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Reports;

/// <summary>The embedded PAdES signature, checked by poppler's pdfsig (NSS verifies the CMS and the chain).</summary>
[Trait("Category", "Database")]
public sealed class ReportPdfSignatureTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private async Task<string> RootsPemAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportCertificateStore>().RootsPemAsync();
    }

    [Fact]
    public async Task Pdfsig_finds_a_valid_PAdES_signature_by_the_platform_certificate_covering_the_whole_file()
    {
        var subject = await fixture.AddSubjectAsync("太原市签章测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "并市监罚〔2025〕21号", new DateOnly(2025, 6, 1));
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var untrusted = PdfTools.PdfSig(report.Pdf);
        Assert.Contains("Signature Validation: Signature is Valid.", untrusted.Out);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", untrusted.Out);
        Assert.Contains("Signing Hash Algorithm: SHA-256", untrusted.Out);
        Assert.Contains("Total document signed", untrusted.Out);
        Assert.Contains("专项信用报告签章", untrusted.Out); // the signing certificate's common name
        Assert.DoesNotContain("Certificate is Trusted", untrusted.Out);
    }

    [Fact]
    public async Task With_the_root_taken_from_the_signed_trust_list_alone_the_signing_certificate_is_trusted()
    {
        var subject = await fixture.AddSubjectAsync("太原市信任链测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        string published;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            published = await scope.ServiceProvider.GetRequiredService<CreditProof.Verification.TrustStore>().PublishAsync(
                scope.ServiceProvider.GetRequiredService<CreditProof.Storage.CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<SigningKeyRing>());
        }

        // What a relying party does: check the list's signature, take reportRoots, trust them in NSS, run pdfsig.
        var (list, _, _, _, _) = CreditProof.Verification.TrustListDocument.Verify(published);
        var root = Assert.Single(list.ReportRoots);
        Assert.Equal(root.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(root.Certificate)));
        var pem = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", root.Certificate);
        Assert.Equal(await RootsPemAsync(), pem + "\n");
        var trusted = PdfTools.PdfSig(report.Pdf, pem);

        Assert.Contains("Signature Validation: Signature is Valid.", trusted.Out);
        Assert.Contains("Certificate Validation: Certificate is Trusted.", trusted.Out);
    }

    [Fact]
    public async Task One_changed_byte_inside_the_signed_range_makes_the_signature_invalid()
    {
        var subject = await fixture.AddSubjectAsync("太原市改一字节测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        var root = await RootsPemAsync();

        // A byte of the document information (the report number in /Title), inside the first signed range.
        var tampered = (byte[])report.Pdf.Clone();
        var at = System.Text.Encoding.Latin1.GetString(tampered).IndexOf("/Producer(", StringComparison.Ordinal);
        Assert.True(at > 0);
        tampered[at + 10] ^= 0x01;

        var result = PdfTools.PdfSig(tampered, root);
        Assert.DoesNotContain("Signature is Valid", result.Out);
        Assert.Contains("Signature Validation: Digest Mismatch.", result.Out);
        Assert.Contains("Signature is Valid", PdfTools.PdfSig(report.Pdf, root).Out);
    }

    [Fact]
    public async Task The_seal_is_the_signature_widget_on_the_last_page_and_its_text_is_extractable()
    {
        var subject = await fixture.AddSubjectAsync("太原市印章外观测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        using var document = UglyToad.PdfPig.PdfDocument.Open(report.Pdf);
        var last = document.GetPage(document.NumberOfPages);
        var widget = Assert.Single(last.GetAnnotations(), a => a.Type == UglyToad.PdfPig.Annotations.AnnotationType.Widget);
        Assert.InRange(widget.Rectangle.Width, 100, 140);
        Assert.InRange(widget.Rectangle.Height, 100, 140);
        // The appearance stream draws the seal: the platform name on the arc and 专项信用报告专用章 across, in the report font.
        var fonts = PdfTools.WithFile(report.Pdf, path => PdfTools.Run("pdffonts", path));
        Assert.Equal(0, fonts.ExitCode);
        Assert.DoesNotContain("Type 3", fonts.Out);
        var appearance = System.Text.Encoding.Latin1.GetString(report.Pdf);
        Assert.Contains("/AP", appearance);
    }

    [Fact]
    public async Task The_root_and_signing_certificates_are_ECDSA_P256_their_keys_encrypted_at_rest_and_rotation_keeps_old_files_valid()
    {
        var subject = await fixture.AddSubjectAsync("太原市证书轮换测试有限公司");
        var before = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ReportCertificateStore>();
            var created = await store.RotateAsync(newRoot: false, "test");
            Assert.Equal(ReportCertificateRole.Signing, Assert.Single(created).Role);
        }

        fixture.Time.Current = fixture.Time.Current.AddSeconds(10); // past the certificate cache's few seconds
        var after = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        fixture.Time.Current = ReportFixture.Now;
        var root = await RootsPemAsync();
        Assert.Contains("Certificate is Trusted", PdfTools.PdfSig(before.Pdf, root).Out);
        Assert.Contains("Certificate is Trusted", PdfTools.PdfSig(after.Pdf, root).Out);

        await using var db = fixture.Database.CreateContext();
        var stored = db.Set<ReportCertificate>().ToList();
        Assert.Single(stored, c => c.Role == ReportCertificateRole.Root && c.IsActive);
        Assert.Single(stored, c => c.Role == ReportCertificateRole.Signing && c.IsActive);
        Assert.Contains(stored, c => c.Role == ReportCertificateRole.Signing && !c.IsActive && c.RetiredAt is not null);
        foreach (var c in stored)
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(c.Certificate);
            Assert.Equal("1.2.840.10045.2.1", certificate.PublicKey.Oid.Value); // id-ecPublicKey
            Assert.Equal(60, c.EncryptedPrivateKey.Length); // nonce, 32-byte scalar encrypted, tag: never the key itself
            Assert.False(certificate.HasPrivateKey);
        }
    }
}
