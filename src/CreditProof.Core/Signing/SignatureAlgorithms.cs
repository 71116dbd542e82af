using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace CreditProof.Signing;

/// <summary>A freshly generated key pair: private scalar (32 bytes) and public point (65 bytes, uncompressed).</summary>
public sealed record KeyPairBytes(byte[] PrivateKey, byte[] PublicKey);

/// <summary>
/// Raw SM2/SM3 and ECDSA P-256 primitives. SM2 uses BouncyCastle's optimised <c>CustomNamedCurves</c> curve (the
/// generic <c>GMNamedCurves</c> one is several times slower). Both produce 64-byte r‖s signatures.
/// </summary>
public static class SignatureAlgorithms
{
    internal static readonly ECDomainParameters Sm2Domain = CreateSm2Domain();

    private static ECDomainParameters CreateSm2Domain()
    {
        var curve = CustomNamedCurves.GetByName("sm2p256v1");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H, curve.GetSeed());
    }

    public static KeyPairBytes Generate(SigningAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case SigningAlgorithm.Sm2:
                var generator = new ECKeyPairGenerator();
                generator.Init(new ECKeyGenerationParameters(Sm2Domain, new SecureRandom()));
                var pair = generator.GenerateKeyPair();
                var d = ((ECPrivateKeyParameters)pair.Private).D.ToByteArrayUnsigned();
                return new KeyPairBytes(LeftPad(d, 32), ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false));
            case SigningAlgorithm.EcdsaP256:
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var p = ecdsa.ExportParameters(includePrivateParameters: true);
                    return new KeyPairBytes(LeftPad(p.D!, 32), [0x04, .. p.Q.X!, .. p.Q.Y!]);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
        }
    }

    /// <summary>A signer bound to one private key. Not thread-safe: use one per thread (see <see cref="SigningKeyRing"/>).</summary>
    public static IMessageSigner CreateSigner(SigningAlgorithm algorithm, byte[] privateKey, byte[] publicKey) => algorithm switch
    {
        SigningAlgorithm.Sm2 => new Sm2MessageSigner(privateKey, publicKey),
        SigningAlgorithm.EcdsaP256 => new EcdsaMessageSigner(privateKey, publicKey),
    };

    /// <summary>A verifier bound to one public key. Not thread-safe: use one per thread.</summary>
    public static IMessageVerifier CreateVerifier(SigningAlgorithm algorithm, byte[] publicKey) => algorithm switch
    {
        SigningAlgorithm.Sm2 => new Sm2MessageVerifier(publicKey),
        SigningAlgorithm.EcdsaP256 => new EcdsaMessageVerifier(publicKey),
    };

    internal static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length == length)
            return value;
        if (value.Length > length)
            throw new CryptographicException("Key component is longer than the curve size.");
        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }

    private sealed class Sm2MessageSigner : IMessageSigner
    {
        private readonly SM2Signer _signer = new(PlainDsaEncoding.Instance, new SM3Digest());

        public Sm2MessageSigner(byte[] privateKey, byte[] publicKey)
        {
            var d = new BigInteger(1, privateKey);
            var priv = new ECPrivateKeyParameters(d, Sm2Domain);
            // SM2's Z value needs the public key; given it, the signer does not recompute G·d on every signature.
            var q = Sm2Domain.Curve.DecodePoint(publicKey);
            if (!Sm2Domain.G.Multiply(d).Normalize().Equals(q.Normalize()))
                throw new CryptographicException("The SM2 public key does not belong to the private key.");
            _signer.Init(true, new ParametersWithRandom(priv, new SecureRandom()));
        }

        public byte[] Sign(ReadOnlySpan<byte> message)
        {
            _signer.BlockUpdate(message);
            return _signer.GenerateSignature();
        }

        public void Dispose()
        {
        }
    }

    private sealed class Sm2MessageVerifier(byte[] publicKey) : IMessageVerifier
    {
        private readonly SM2Signer _verifier = CreateInitialised(publicKey);

        private static SM2Signer CreateInitialised(byte[] publicKey)
        {
            var signer = new SM2Signer(PlainDsaEncoding.Instance, new SM3Digest());
            signer.Init(false, new ECPublicKeyParameters(Sm2Domain.Curve.DecodePoint(publicKey), Sm2Domain));
            return signer;
        }

        public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
        {
            if (signature.Length != 64)
                return false;
            _verifier.BlockUpdate(message);
            return _verifier.VerifySignature(signature.ToArray());
        }

        public void Dispose()
        {
        }
    }

    private sealed class EcdsaMessageSigner : IMessageSigner
    {
        private readonly ECDsa _ecdsa;

        public EcdsaMessageSigner(byte[] privateKey, byte[] publicKey)
        {
            _ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = privateKey,
                Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] },
            });
        }

        public byte[] Sign(ReadOnlySpan<byte> message) =>
            _ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        public void Dispose() => _ecdsa.Dispose();
    }

    private sealed class EcdsaMessageVerifier : IMessageVerifier
    {
        private readonly ECDsa _ecdsa;

        public EcdsaMessageVerifier(byte[] publicKey)
        {
            if (publicKey.Length != 65 || publicKey[0] != 0x04)
                throw new CryptographicException("A P-256 public key must be a 65-byte uncompressed point.");
            _ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] },
            });
        }

        public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
            signature.Length == 64
            && _ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        public void Dispose() => _ecdsa.Dispose();
    }
}

public interface IMessageSigner : IDisposable
{
    byte[] Sign(ReadOnlySpan<byte> message);
}

public interface IMessageVerifier : IDisposable
{
    bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
