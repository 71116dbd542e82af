using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace CreditProof.Signing;

/// <summary>Where a signing key's private half lives.</summary>
public enum KeyCustody
{
    /// <summary>In <c>signing_keys</c>, AES-256-GCM under the key-encryption key (the default).</summary>
    Database = 0,

    /// <summary>Inside a PKCS#11 token (an HSM; SoftHSM2 in tests), generated there and never extractable.</summary>
    Pkcs11 = 1,
}

/// <summary>
/// <c>CreditProof:Pkcs11</c>: the PKCS#11 module (e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c> or the HSM vendor's),
/// the token's label and the user PIN. The PIN is a secret: an environment variable or a secret store, never a file in
/// the repository.
/// </summary>
public sealed record Pkcs11Options(string? Library, string? TokenLabel, string? Pin)
{
    public const string Section = "CreditProof:Pkcs11";

    public static Pkcs11Options From(IConfiguration configuration)
    {
        var s = configuration.GetSection(Section);
        return new Pkcs11Options(s["Library"], s["TokenLabel"], s["Pin"]);
    }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Library);
}

/// <summary>
/// ECDSA P-256 keys held in a PKCS#11 token: generated inside it (sensitive, not extractable), found again by
/// <c>CKA_ID</c> = the key id's 8 bytes, and used through <c>CKM_ECDSA</c> over a SHA-256 digest computed here, which
/// yields the same 64-byte r‖s as the keys kept in the database. SM2 is refused: the standard PKCS#11 mechanisms have
/// none (Chinese HSMs expose it through vendor-defined mechanisms; SoftHSM2 not at all). The module is loaded once
/// per process, on first use; every signer has its own session, so signing threads never share one.
/// </summary>
public sealed class Pkcs11Token(Pkcs11Options options) : IDisposable
{
    // DER of the named curve prime256v1 (1.2.840.10045.3.1.7), the CKA_EC_PARAMS of a P-256 key.
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    private readonly Lock _gate = new();
    private IPkcs11Library? _library;

    static Pkcs11Token()
    {
        // Pkcs11Interop binds dlopen from "libdl"; glibc 2.34+ (Debian 12) ships it only as libdl.so.2 (inside libc).
        if (OperatingSystem.IsLinux())
        {
            System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, path) =>
                name == "libdl" && System.Runtime.InteropServices.NativeLibrary.TryLoad("libdl.so.2", assembly, path, out var handle) ? handle : IntPtr.Zero);
        }
    }

    private ISlot? _slot;

    public bool IsConfigured => options.IsConfigured;

    /// <summary>Generates a P-256 key pair in the token under <paramref name="keyId"/>; returns its public point (65 bytes).</summary>
    public byte[] GenerateP256(string keyId)
    {
        using var session = OpenUserSession();
        var attributes = session.Factories.ObjectAttributeFactory;
        var id = Convert.FromHexString(keyId);
        var label = "creditproof-" + keyId;
        var publicTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, false),
            attributes.Create(CKA.CKA_VERIFY, true),
            attributes.Create(CKA.CKA_EC_PARAMS, P256Parameters),
            attributes.Create(CKA.CKA_ID, id),
            attributes.Create(CKA.CKA_LABEL, label),
        };
        var privateTemplate = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_SIGN, true),
            attributes.Create(CKA.CKA_ID, id),
            attributes.Create(CKA.CKA_LABEL, label),
        };
        using var mechanism = session.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN);
        session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out var publicKey, out _);
        var point = session.GetAttributeValue(publicKey, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        return UnwrapPoint(point);
    }

    /// <summary>A signer for the token's private key <paramref name="keyId"/>; fails now when the token lacks it.</summary>
    public IMessageSigner CreateSigner(string keyId, byte[] publicKey)
    {
        var session = OpenUserSession();
        try
        {
            var attributes = session.Factories.ObjectAttributeFactory;
            var found = session.FindAllObjects(
            [
                attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                attributes.Create(CKA.CKA_ID, Convert.FromHexString(keyId)),
            ]);
            if (found.Count != 1)
                throw new CryptographicException($"The PKCS#11 token '{options.TokenLabel}' holds {found.Count} private keys with id {keyId}, expected one.");
            var signer = new TokenSigner(session, found[0]);
            // The token's key must be the one the trust list publishes.
            using var verifier = SignatureAlgorithms.CreateVerifier(SigningAlgorithm.EcdsaP256, publicKey);
            byte[] probe = [.. "creditproof pkcs11 probe"u8];
            if (!verifier.Verify(probe, signer.Sign(probe)))
                throw new CryptographicException($"The PKCS#11 key {keyId} does not match the public key stored for it.");
            return signer;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private ISession OpenUserSession()
    {
        var session = Slot().OpenSession(SessionType.ReadWrite);
        try
        {
            session.Login(CKU.CKU_USER, options.Pin ?? "");
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Login is per application and token: another session of this process already logged in.
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return session;
    }

    private ISlot Slot()
    {
        lock (_gate)
        {
            if (_slot is not null)
                return _slot;
            if (!options.IsConfigured)
                throw new InvalidOperationException($"No PKCS#11 module is configured: set {Pkcs11Options.Section}:Library, :TokenLabel and :Pin (docs/security.md).");
            if (!File.Exists(options.Library))
                throw new InvalidOperationException($"{Pkcs11Options.Section}:Library names {options.Library}, which does not exist.");
            var factories = new Pkcs11InteropFactories();
            _library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, options.Library, AppType.MultiThreaded);
            _slot = _library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == (options.TokenLabel ?? "").Trim())
                ?? throw new InvalidOperationException($"The PKCS#11 module {options.Library} has no token labelled '{options.TokenLabel}'.");
            return _slot;
        }
    }

    /// <summary>CKA_EC_POINT is the point wrapped in a DER OCTET STRING (PKCS#11 v2.40 §2.3.3); some modules omit the wrapper.</summary>
    internal static byte[] UnwrapPoint(byte[] value)
    {
        if (value.Length == 65 && value[0] == 0x04)
            return value;
        if (value.Length == 67 && value[0] == 0x04 && value[1] == 65 && value[2] == 0x04)
            return value[2..];
        throw new CryptographicException($"The token returned an EC point of {value.Length} bytes; a P-256 point is 65.");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _library?.Dispose();
            _library = null;
            _slot = null;
        }
    }

    private sealed class TokenSigner(ISession session, IObjectHandle privateKey) : IMessageSigner
    {
        public byte[] Sign(ReadOnlySpan<byte> message)
        {
            using var mechanism = session.Factories.MechanismFactory.Create(CKM.CKM_ECDSA);
            return session.Sign(mechanism, privateKey, SHA256.HashData(message));
        }

        public void Dispose() => session.Dispose();
    }
}
