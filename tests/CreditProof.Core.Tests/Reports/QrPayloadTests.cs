using CreditProof.Rendering;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Verification;

namespace CreditProof.Tests.Reports;

public sealed class QrPayloadTests
{
    private static ReportClaims Claims(string name, int domainsWithRecords) => new()
    {
        Issuer = "CN-14",
        IssuedAt = new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero),
        ExpiresAt = new DateTimeOffset(2027, 2, 18, 2, 30, 0, TimeSpan.Zero),
        Number = ReportNumbers.NewNumber(),
        SubjectCode = "91140105MA0GRUK23X",
        SubjectName = name,
        From = new DateOnly(2021, 11, 21),
        To = new DateOnly(2026, 11, 20),
        DomainIds = Enumerable.Range(1, 40).ToList(),
        RecordCounts = Enumerable.Range(1, domainsWithRecords).ToDictionary(i => i, i => i * 7),
        ContentDigest = new byte[32],
        DataAsOf = new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Claims_round_trip_through_cbor()
    {
        var claims = Claims("太原市晋阳建材有限公司", 3);
        var decoded = QrPayload.DecodeClaims(QrPayload.EncodeClaims(claims));
        Assert.Equal(claims.Number, decoded.Number);
        Assert.Equal(claims.SubjectName, decoded.SubjectName);
        Assert.Equal(claims.From, decoded.From);
        Assert.Equal(claims.To, decoded.To);
        Assert.Equal(claims.DomainIds, decoded.DomainIds);
        Assert.Equal(claims.RecordCounts.OrderBy(p => p.Key), decoded.RecordCounts.OrderBy(p => p.Key));
        Assert.Equal(claims.ExpiresAt, decoded.ExpiresAt);
        Assert.Equal(claims.IssuedAt, decoded.IssuedAt);
        Assert.Equal(claims.DataAsOf, decoded.DataAsOf);
        Assert.Equal(claims.Issuer, decoded.Issuer);
    }

    [Theory]
    [InlineData(SigningAlgorithm.Sm2)]
    [InlineData(SigningAlgorithm.EcdsaP256)]
    public void Payload_with_a_22_character_name_and_records_in_five_domains_fits_qr_version_15_at_level_m(SigningAlgorithm algorithm)
    {
        using var key = Key(algorithm);
        var text = QrPayload.ToText("https://credit.shanxi.gov.cn", "ABCDEFGHJKMNPQRS", QrPayload.Sign(Claims("山西省太原市晋阳建材建设工程集团股份有限公司", 5), key));
        Assert.InRange(ReportPdfRenderer.QrMatrix(text).Version, 1, QrCapacity.MaxPrintedVersion);
    }

    [Fact]
    public void Payload_sizes_for_the_documentation()
    {
        using var key = Key(SigningAlgorithm.Sm2);
        foreach (var (name, domains) in new[] { ("太原市晋阳建材有限公司", 0), ("山西省太原市晋阳建材建设工程集团股份有限公司", 5), ("山西省太原市晋阳建材建设工程集团股份有限公司", 40) })
        {
            var cose = QrPayload.Sign(Claims(name, domains), key);
            var text = QrPayload.ToText("http://127.0.0.1:5000", "ABCDEFGHJKMNPQRS", cose);
            Console.WriteLine($"QRSIZE name={name.Length} domainsWithRecords={domains} claims={QrPayload.EncodeClaims(Claims(name, domains)).Length} cose={cose.Length} text={text.Length} version={ReportPdfRenderer.QrMatrix(text).Version}");
        }
    }

    [Fact]
    public void Capacity_table_never_underestimates_the_encoders_version_and_is_at_most_one_above()
    {
        var random = new Random(7);
        foreach (var length in new[] { 42, 43, 100, 213, 214, 287, 288, 331, 332, 362, 363, 412, 413, 450 })
        {
            var payload = System.Buffers.Text.Base64Url.EncodeToString(Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)).ToArray());
            var text = ("http://127.0.0.1:5000/v/X#CP1:" + payload)[..length];
            var actual = ReportPdfRenderer.QrMatrix(text).Version;
            Assert.True(actual <= QrCapacity.Version(text.Length), $"length {length}: encoder needs {actual}, table says {QrCapacity.Version(text.Length)}");
            // QRCoder packs one byte more than ISO/IEC 18004's table at each boundary; the table is the safe side.
            Assert.InRange(QrCapacity.Version(text.Length) - actual, 0, 1);
        }
    }

    [Fact]
    public void Domain_bitmap_round_trips_and_has_one_bit_per_domain()
    {
        int[] ids = [1, 6, 13, 40];
        var bitmap = QrPayload.DomainBitmap(ids);
        Assert.Equal(5, bitmap.Length);
        Assert.Equal(0x84, bitmap[0]);
        Assert.Equal(ids, QrPayload.DomainIdsOf(bitmap));
    }

    [Fact]
    public void Text_that_is_not_a_report_code_is_malformed_not_an_exception()
    {
        using var verifier = new ReportPayloadVerifier(new TrustList([]));
        Assert.Equal(PayloadVerdict.Malformed, verifier.Verify("https://example.com/").Verdict);
        Assert.Equal(PayloadVerdict.Malformed, verifier.Verify("CP1:!!!").Verdict);
        Assert.Equal(PayloadVerdict.Malformed, verifier.Verify("CP1:AAAA").Verdict);
    }

    [Fact]
    public void Payload_signed_by_a_key_outside_the_trust_list_is_rejected()
    {
        using var key = Key(SigningAlgorithm.Sm2);
        var text = QrPayload.ToText("http://x", "ABCDEFGHJKMNPQRS", QrPayload.Sign(Claims("某公司", 0), key));
        using var verifier = new ReportPayloadVerifier(new TrustList([]));
        Assert.Equal(PayloadVerdict.UnknownKey, verifier.Verify(text).Verdict);
    }

    internal static LoadedKey Key(SigningAlgorithm algorithm)
    {
        var pair = SignatureAlgorithms.Generate(algorithm);
        return new LoadedKey("0102030405060708", algorithm, pair.PublicKey, pair.PrivateKey);
    }
}
