using System.Diagnostics;
using System.Text;
using CreditProof.Signing;

namespace CreditProof.Tests.Signing;

public sealed class SignatureAlgorithmTests
{
    [Theory]
    [InlineData(SigningAlgorithm.Sm2)]
    [InlineData(SigningAlgorithm.EcdsaP256)]
    public void Signature_verifies_with_the_public_key_and_fails_for_another_message_or_key(SigningAlgorithm algorithm)
    {
        var pair = SignatureAlgorithms.Generate(algorithm);
        var other = SignatureAlgorithms.Generate(algorithm);
        using var signer = SignatureAlgorithms.CreateSigner(algorithm, pair.PrivateKey, pair.PublicKey);
        using var verifier = SignatureAlgorithms.CreateVerifier(algorithm, pair.PublicKey);
        using var otherVerifier = SignatureAlgorithms.CreateVerifier(algorithm, other.PublicKey);
        var message = "专项信用报告"u8.ToArray();

        // The signer is reused: a second signature must verify as well as the first.
        var first = signer.Sign(message);
        var second = signer.Sign(message);

        Assert.Equal(64, first.Length);
        Assert.True(verifier.Verify(message, first));
        Assert.True(verifier.Verify(message, second));
        Assert.False(verifier.Verify("专项信用报吿"u8, first));
        Assert.False(otherVerifier.Verify(message, first));
        first[10] ^= 1;
        Assert.False(verifier.Verify(message, first));
    }

    [Fact]
    public void Signer_refuses_a_public_key_that_does_not_match_the_private_key()
    {
        var pair = SignatureAlgorithms.Generate(SigningAlgorithm.Sm2);
        var other = SignatureAlgorithms.Generate(SigningAlgorithm.Sm2);
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => SignatureAlgorithms.CreateSigner(SigningAlgorithm.Sm2, pair.PrivateKey, other.PublicKey));
    }

    [Fact]
    public void Sm2_signature_verifies_with_openssl_as_an_independent_implementation()
    {
        if (!File.Exists("/usr/bin/openssl"))
            return;
        var pair = SignatureAlgorithms.Generate(SigningAlgorithm.Sm2);
        using var signer = SignatureAlgorithms.CreateSigner(SigningAlgorithm.Sm2, pair.PrivateKey, pair.PublicKey);
        var message = Encoding.UTF8.GetBytes("CreditProof 专项信用报告");
        var raw = signer.Sign(message);

        var dir = Directory.CreateTempSubdirectory("cp-sm2-");
        try
        {
            // SubjectPublicKeyInfo for id-ecPublicKey on sm2p256v1 (1.2.156.10197.1.301), then the point.
            byte[] spkiPrefix = [0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D, 0x03, 0x42, 0x00];
            File.WriteAllBytes(Path.Combine(dir.FullName, "pub.der"), [.. spkiPrefix, .. pair.PublicKey]);
            File.WriteAllBytes(Path.Combine(dir.FullName, "msg"), message);
            File.WriteAllBytes(Path.Combine(dir.FullName, "sig"), Der(raw));
            var psi = new ProcessStartInfo("openssl", ["pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", "pub.der", "-in", "msg", "-rawin",
                "-sigfile", "sig", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678"])
            {
                WorkingDirectory = dir.FullName, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, output);
            Assert.Contains("Signature Verified Successfully", output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static byte[] Der(byte[] rs)
    {
        static byte[] Integer(ReadOnlySpan<byte> v)
        {
            var i = 0;
            while (i < v.Length - 1 && v[i] == 0)
                i++;
            var body = v[i..].ToArray();
            if ((body[0] & 0x80) != 0)
                body = [0, .. body];
            return [0x02, (byte)body.Length, .. body];
        }

        byte[] seq = [.. Integer(rs.AsSpan(0, 32)), .. Integer(rs.AsSpan(32))];
        return [0x30, (byte)seq.Length, .. seq];
    }
}
