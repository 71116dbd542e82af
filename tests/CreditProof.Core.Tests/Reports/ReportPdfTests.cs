using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Rendering;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Reports;

[Trait("Category", "Database")]
public sealed class ReportPdfTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Pdf_text_read_by_PdfPig_contains_subject_conclusions_and_every_document_number()
    {
        var subject = await fixture.AddSubjectAsync("太原市晋阳建材有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "并市监罚〔2024〕118号", new DateOnly(2024, 5, 6));
        await fixture.AddRecordAsync<EnforcementRecord>(subject, "taxation", "晋税强〔2025〕7号", new DateOnly(2025, 2, 1));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管", "taxation", "生态环境"] });

        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("专项信用报告", text);
        Assert.Contains(subject.Name, text);
        Assert.Contains(subject.Code, text);
        Assert.Contains("并市监罚〔2024〕118号", text);
        Assert.Contains("晋税强〔2025〕7号", text);
        Assert.Contains("市场监管发现违法违规记录1条", text);
        Assert.Contains("税务发现违法违规记录1条", text);
        Assert.Contains("生态环境未发现违法违规记录", text);
        Assert.Contains(PdfText.Squeeze(report.ReportNumber), text);
        Assert.Contains(PdfText.Squeeze(report.VerificationCode), text);
    }

    [Fact]
    public async Task Rare_characters_outside_GB2312_are_drawn_from_the_second_face_and_stay_extractable()
    {
        // 堃 and 喆 (common in names) and 镕 are not in GB 2312; 한 is Hangul. All are in wqy-microhei.
        var subject = await fixture.AddSubjectAsync("晋城市堃喆商贸有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "城市监罚〔2025〕9号", new DateOnly(2025, 4, 1),
            r => r.Facts = "朱镕基路店销售한국产过期食品");

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("晋城市堃喆商贸有限公司", text);
        Assert.Contains("朱镕基路店销售한국产过期食品", text);
        using var document = UglyToad.PdfPig.PdfDocument.Open(report.Pdf);
        var letters = document.GetPages().SelectMany(p => p.Letters).ToList();
        Assert.EndsWith("CreditProofMore", letters.First(l => l.Value == "堃").FontName, StringComparison.Ordinal);
        Assert.EndsWith("CreditProof", letters.First(l => l.Value == "晋").FontName, StringComparison.Ordinal);
        Assert.Empty(PdfText.RenderErrors(report.Pdf));
    }

    [Fact]
    public async Task A_report_in_common_characters_embeds_one_small_font_subset()
    {
        var subject = await fixture.AddSubjectAsync("太原市常用字测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "taxation", "并税罚〔2025〕3号", new DateOnly(2025, 3, 1));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        using var document = UglyToad.PdfPig.PdfDocument.Open(report.Pdf);
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.All(fonts, f => Assert.EndsWith("CreditProof", f, StringComparison.Ordinal));
        // A whole face would add ~400 KB; the tagged PDF's structure tree (issue 17) adds 10–15 KB (122 KB in all here).
        Assert.InRange(report.Pdf.Length, 10_000, 135_000);
        Assert.Empty(PdfText.RenderErrors(report.Pdf));
    }

    [Fact]
    public async Task Every_page_is_A4_and_numbered_x_of_y_with_report_number_and_verification_code()
    {
        var subject = await fixture.AddSubjectAsync("晋中市页码测试有限公司");
        for (var i = 0; i < 12; i++)
            await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"晋中市监罚〔2025〕{i + 1}号", new DateOnly(2025, 1, 1).AddDays(i));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        using var document = UglyToad.PdfPig.PdfDocument.Open(report.Pdf);
        var pages = document.GetPages().ToList();
        Assert.True(pages.Count >= 3);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.InRange(pages[i].Width, 595, 596);
            Assert.InRange(pages[i].Height, 841, 842);
            var text = PdfText.Squeeze(pages[i].Text);
            Assert.Contains($"第{i + 1}页共{pages.Count}页", text);
            Assert.Contains(PdfText.Squeeze(report.ReportNumber), text);
            Assert.Contains(PdfText.Squeeze(report.VerificationCode), text);
        }
    }

    [Fact]
    public async Task A_subject_with_records_in_every_domain_gets_its_report_and_a_QR_code_that_verifies()
    {
        // Issue 19: the province-scale run hung here for ever. A name of 9 characters was "shortened" to 9 again while
        // a payload with records in many domains stayed above QR version 15, so each loop signed again, on and on.
        var subject = await fixture.AddSubjectAsync("朔州市多领域公司一");
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var domains = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Domains.Select(d => d.Code).ToListAsync();
            var i = 0;
            foreach (var domain in domains)
                await fixture.AddRecordAsync<PenaltyRecord>(subject, domain, $"朔多罚〔2025〕{++i}号", new DateOnly(2025, 2, 1).AddDays(i));
        }

        var issuing = fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        Assert.Same(issuing, await Task.WhenAny(issuing, Task.Delay(TimeSpan.FromMinutes(2))));
        var report = await issuing;
        Assert.InRange(report.QrVersion, 1, QrCapacity.MaxDenseVersion);
        var qrText = Assert.Single(PdfText.DecodeQrCodes(report.Pdf, PdfText.Pages(report.Pdf).Count));
        Assert.Equal(report.QrText, qrText);
        using var verifier = new ReportPayloadVerifier(TrustList.FromJson((await fixture.TrustListAsync()).ToJson()));
        var result = verifier.Verify(qrText);
        Assert.True(result.IsValid, result.Message);
        Assert.StartsWith("朔州市多领域公", result.Claims!.SubjectName);
        Assert.True(result.Claims.RecordCounts.Count >= 30, $"{result.Claims.RecordCounts.Count} domains with records in the QR");
    }

    [Fact]
    public async Task Qr_code_decoded_from_the_rendered_last_page_verifies_with_the_public_key_alone()
    {
        var subject = await fixture.AddSubjectAsync("大同市云冈煤业有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "emergency-management", "同应急罚〔2025〕3号", new DateOnly(2025, 3, 3));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Purpose = "bidding" });
        var pageCount = PdfText.Pages(report.Pdf).Count;

        var decoded = PdfText.DecodeQrCodes(report.Pdf, pageCount);
        var qrText = Assert.Single(decoded);
        Assert.Equal(report.QrText, qrText);
        Assert.StartsWith("https://credit.example.cn/v/", qrText);
        Assert.InRange(report.QrVersion, 1, QrCapacity.MaxPrintedVersion);

        // Only the exported public keys: no database, no private key.
        var trust = TrustList.FromJson((await fixture.TrustListAsync()).ToJson());
        using var verifier = new ReportPayloadVerifier(trust);
        var result = verifier.Verify(qrText);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(subject.Name, result.Claims!.SubjectName);
        Assert.Equal(subject.Code, result.Claims.SubjectCode);
        Assert.Equal(PdfText.Squeeze(report.ReportNumber).Replace("-", "", StringComparison.Ordinal), result.Claims.Number);
        var emergency = await fixture.DomainAsync("emergency-management");
        Assert.Equal(1, result.Claims.RecordCounts[emergency.Id]);
        Assert.Equal(40, result.Claims.DomainIds.Count);
        Assert.Equal(ReportContent.Digest(report.Content.ToCanonicalJson())[..QrPayload.DigestLength], result.Claims.ContentDigest);
        Assert.False(result.IsExpired(ReportFixture.Now));
        Assert.True(result.IsExpired(ReportFixture.Now.AddDays(91)));
    }

    [Fact]
    public async Task Qr_code_on_the_cover_page_decodes_too()
    {
        var subject = await fixture.AddSubjectAsync("长治市封面二维码有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        Assert.Equal(report.QrText, Assert.Single(PdfText.DecodeQrCodes(report.Pdf, 1)));
    }

    [Fact]
    public async Task Changing_any_one_byte_of_the_signed_payload_fails_verification()
    {
        var subject = await fixture.AddSubjectAsync("阳泉市篡改测试有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code });
        using var verifier = new ReportPayloadVerifier(await fixture.TrustListAsync());
        Assert.True(verifier.Verify(report.QrText).IsValid);

        var at = report.QrText.IndexOf("#CP1:", StringComparison.Ordinal) + 5;
        var cose = System.Buffers.Text.Base64Url.DecodeFromChars(report.QrText.AsSpan(at));
        for (var i = 0; i < cose.Length; i++)
        {
            var tampered = (byte[])cose.Clone();
            tampered[i] ^= 0x01;
            var text = report.QrText[..at] + System.Buffers.Text.Base64Url.EncodeToString(tampered);
            Assert.False(verifier.Verify(text).IsValid, $"a flipped bit in byte {i} was accepted");
        }

        // The visible link swapped for another report's number.
        var swapped = report.QrText.Replace("/v/" + report.Content.Number, "/v/" + ReportNumbers.NewNumber(), StringComparison.Ordinal);
        Assert.Equal(PayloadVerdict.NumberMismatch, verifier.Verify(swapped).Verdict);
    }

    [Fact]
    public async Task Issued_report_is_stored_and_downloads_again_byte_for_byte_with_a_valid_platform_signature()
    {
        var subject = await fixture.AddSubjectAsync("运城市存档测试有限公司");
        await fixture.AddRecordAsync<CriminalJudgment>(subject, "public-security", "（2024）晋08刑初12号", new DateOnly(2024, 9, 9));
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "tester" });

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var issuer = scope.ServiceProvider.GetRequiredService<ReportIssuer>();
            Assert.Equal(report.Pdf, await issuer.GetPdfAsync(report.ReportNumber));
            Assert.Equal(report.Pdf, await issuer.GetPdfAsync(report.ReportNumber.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)));
        }

        await using var db = fixture.Database.CreateContext();
        var stored = await db.IssuedReports.SingleAsync(r => r.SubjectId == subject.Id);
        Assert.Equal(report.PdfSha256, stored.PdfSha256);
        Assert.Equal(report.Pdf.LongLength, stored.PdfLength);
        Assert.Equal(report.Pdf, await fixture.Services.GetRequiredService<CreditProof.Storage.PdfStore>().ReadAsync(stored));
        Assert.Equal(ReportTemplateStore.EmbeddedVersion, stored.TemplateVersion);
        Assert.Equal("tester", stored.RequestedBy);
        Assert.Equal(SigningAlgorithm.Sm2, stored.Algorithm);
        var key = (await fixture.TrustListAsync()).Keys.Single(k => k.Id == stored.KeyId);
        Assert.True(ReportSignature.Verify(stored, key));
        var hasher = fixture.Services.GetRequiredService<CreditProof.Signing.CodeHasher>();
        Assert.Equal(hasher.HashHex(report.VerificationCode.Replace("-", "", StringComparison.Ordinal)), stored.VerificationCodeHash);
        // Keyed: the plain SHA-256 of the code is not what is stored.
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(report.VerificationCode.Replace("-", "", StringComparison.Ordinal)))), stored.VerificationCodeHash);
    }

    [Fact]
    public async Task A_subject_with_500_records_gets_a_complete_report_whose_qr_still_fits_version_15()
    {
        var subject = await fixture.AddSubjectAsync("临汾市五百条记录测试集团有限公司");
        string[] domains = ["market-regulation", "taxation", "ecology-environment", "transport", "housing-construction"];
        await using (var db = fixture.Database.CreateContext())
        {
            foreach (var code in domains)
                await fixture.UnitAsync(code);
            var units = await db.Units.Include(u => u.Domain).Where(u => domains.Contains(u.Domain.Code)).ToListAsync();
            for (var i = 0; i < 500; i++)
            {
                var unit = units[i % units.Count];
                db.Records.Add(new PenaltyRecord
                {
                    Id = Guid.NewGuid(), SubjectId = subject.Id, SubjectName = subject.Name, UnitId = unit.Id, DomainId = unit.DomainId,
                    DocumentNumber = $"临罚〔2025〕{i + 1}号", DecisionDate = new DateOnly(2024, 1, 1).AddDays(i), Facts = "超标排放污染物",
                    FineFen = 1_000_000 + i, AuthorityName = unit.Name, Channel = Channel.Demo,
                });
            }

            await db.SaveChangesAsync();
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, From = new DateOnly(2023, 12, 1) });

        Assert.Equal(500, report.Content.RecordCount);
        Assert.InRange(report.QrVersion, 1, QrCapacity.MaxPrintedVersion);
        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("临罚〔2025〕1号", text);
        Assert.Contains("临罚〔2025〕500号", text);
    }

    [Fact]
    public async Task Reports_can_be_signed_with_ecdsa_p256_as_the_second_algorithm()
    {
        using var services = ReportFixture.Build(fixture.Database.Settings, fixture.Time,
            new Dictionary<string, string?> { ["CreditProof:Reports:SigningAlgorithm"] = "EcdsaP256" });
        var subject = await fixture.AddSubjectAsync("吕梁市椭圆曲线有限公司");
        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subject.Code });

        using var verifier = new ReportPayloadVerifier(await fixture.TrustListAsync());
        var result = verifier.Verify(report.QrText);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SigningAlgorithm.EcdsaP256, result.Key!.Algorithm);
    }
}
