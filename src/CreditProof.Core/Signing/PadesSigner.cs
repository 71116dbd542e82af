using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PdfSharp.Pdf.Signatures;

namespace CreditProof.Signing;

/// <summary>
/// The CMS signature of a PDF's byte ranges, as PAdES baseline B-B (ETSI EN 319 142-1) asks: detached SignedData over
/// SHA-256, signed attributes content-type, message-digest and ESS signing-certificate-v2 (no signing-time: the claimed
/// time is the signature dictionary's /M), the signing certificate and the root in the certificate set.
/// PDFsharp 6.2 writes the placeholder, the /ByteRange and the signature dictionary; it names the SubFilter
/// <c>adbe.pkcs7.detached</c>, which PAdES replaces with <c>ETSI.CAdES.detached</c>: the two names have the same length,
/// so the name is swapped in the written file before the signed bytes are read (<paramref name="output"/> is the stream
/// PDFsharp writes to).
/// </summary>
public sealed class PadesSigner(ReportSigningChain chain, MemoryStream output) : IDigitalSigner
{
    private static readonly byte[] PdfSharpSubFilter = "/SubFilter/adbe.pkcs7.detached/M("u8.ToArray();
    private static readonly byte[] PadesSubFilter = "/SubFilter/ETSI.CAdES.detached/M("u8.ToArray();
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    public string CertificateName => chain.Signing.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>Room for the CMS: two P-256 certificates and a signature need about 1.6 KB.</summary>
    public Task<int> GetSignatureSizeAsync() => Task.FromResult(4096);

    public Task<byte[]> GetSignatureAsync(Stream stream)
    {
        SwapSubFilter();
        // PDFsharp's ranged stream reads fast only when asked for everything at once.
        var signed = new byte[stream.Length];
        stream.ReadExactly(signed);
        return Task.FromResult(Sign(signed, chain));
    }

    /// <summary>The detached CMS SignedData over <paramref name="signedBytes"/>.</summary>
    public static byte[] Sign(byte[] signedBytes, ReportSigningChain chain)
    {
        var cms = new SignedCms(new ContentInfo(signedBytes), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, chain.Signing)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.None,
        };
        signer.Certificates.Add(chain.Signing);
        signer.Certificates.Add(chain.Root);
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(SigningCertificateV2), SigningCertificateV2Value(chain.Signing)));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>
    /// RFC 5035 <c>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }</c> with one
    /// <c>ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING (SHA-256, the default algorithm), issuerSerial }</c>.
    /// </summary>
    private static byte[] SigningCertificateV2Value(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (writer.PushSequence()) // IssuerSerial
            {
                using (writer.PushSequence()) // GeneralNames
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4))) // directoryName [4] EXPLICIT Name
                    writer.WriteEncodedValue(certificate.IssuerName.RawData);
                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }

        return writer.Encode();
    }

    private void SwapSubFilter()
    {
        var bytes = output.GetBuffer().AsSpan(0, (int)output.Length);
        var at = bytes.IndexOf(PdfSharpSubFilter);
        if (at < 0 || bytes[(at + 1)..].IndexOf(PdfSharpSubFilter) >= 0)
            throw new InvalidOperationException($"The PDF has {(at < 0 ? "no" : "more than one")} signature dictionary with SubFilter adbe.pkcs7.detached (PDFsharp {typeof(IDigitalSigner).Assembly.GetName().Version}): cannot mark the signature as PAdES ({Encoding.ASCII.GetString(PadesSubFilter)}).");
        PadesSubFilter.CopyTo(bytes[at..]);
    }
}
