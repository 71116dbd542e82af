using System.Security.Cryptography;
using System.Text;
using CreditProof.Identifiers;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Privacy;

/// <summary>
/// Personal ID numbers (身份证号码) at rest. A natural person's subject row keeps
/// <list type="bullet">
/// <item>a <b>blind index</b> as its code: <c>P</c> + 17 base-32 characters of HMAC-SHA-256 under a data key — exact
/// lookups work, nothing can be read back, and unlike a plain hash it cannot be reversed by hashing every possible ID
/// number (there are only ≈10¹¹ of them) without the key;</item>
/// <item>the number itself encrypted with <b>AES-256-GCM</b> under the other data key (random nonce, the purpose as
/// associated data), for the rare lawful need to reveal it;</item>
/// <item>its masked form for display (<c>140105********031X</c>).</item>
/// </list>
/// AES-256-GCM rather than SM4: .NET ships it with hardware acceleration and authentication, and it is what the
/// platform's key store already uses; SM4-GCM would need a third-party implementation (docs/security.md).
/// The data keys are loaded once per process from <c>personal_data_keys</c>, created on first use.
/// </summary>
public sealed class PersonalDataKeys(DatabaseSettings settings, MasterKey masterKey, TimeProvider time)
{
    public const string EncryptionPurpose = "id-number-encryption";
    public const string BlindIndexPurpose = "id-number-blind-index";
    public const string TypedCodePurpose = "typed-code-hashing";
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Associated = "creditproof:id-number"u8.ToArray();
    private readonly Lock _gate = new();
    private (byte[] Encryption, byte[] BlindIndex, byte[] TypedCode)? _keys;

    /// <summary>The HMAC key for typed codes (<see cref="CodeHasher"/>).</summary>
    public byte[] TypedCodeKey => Keys().TypedCode;

    /// <summary>The code a subject is stored and looked up under: the blind index for a valid ID number, else the code itself.</summary>
    public string StorageCode(string code)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return IsIdNumber(normalized) ? BlindIndex(normalized) : normalized;
    }

    /// <summary>True for the 18-character ID number form (check digits are checked where the number is accepted).</summary>
    public static bool IsIdNumber(string code) => code.Length == 18 && ResidentId.Check(code, DateOnly.MaxValue).IsValid && !CreditCode.IsValid(code);

    /// <summary>True for a code written by <see cref="BlindIndex"/>: it is never a valid credit code or ID number.</summary>
    public static bool IsBlindIndex(string code) => code.Length == 18 && code[0] == 'P';

    public string BlindIndex(string idNumber)
    {
        var mac = HMACSHA256.HashData(Keys().BlindIndex, Encoding.UTF8.GetBytes("cn-resident-id:" + idNumber.Trim().ToUpperInvariant()));
        return "P" + Base32(mac)[..17];
    }

    public byte[] Encrypt(string idNumber)
    {
        var plaintext = Encoding.UTF8.GetBytes(idNumber.Trim().ToUpperInvariant());
        var result = new byte[1 + NonceSize + plaintext.Length + TagSize];
        result[0] = Version;
        var nonce = result.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Keys().Encryption, TagSize);
        aes.Encrypt(nonce, plaintext, result.AsSpan(1 + NonceSize, plaintext.Length), result.AsSpan(1 + NonceSize + plaintext.Length), Associated);
        return result;
    }

    public string Decrypt(byte[] blob)
    {
        if (blob.Length <= 1 + NonceSize + TagSize || blob[0] != Version)
            throw new CryptographicException("An encrypted ID number is truncated or of an unknown version.");
        var plaintext = new byte[blob.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(Keys().Encryption, TagSize);
        aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(1 + NonceSize, plaintext.Length), blob.AsSpan(blob.Length - TagSize), plaintext, Associated);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>Loads (or creates) the data keys now: hosts call it at start, outside any transaction, so that the first
    /// use never has to write the keys from a second connection while a transaction holds SQLite's write lock.</summary>
    public void EnsureLoaded() => Keys();

    /// <summary>
    /// Key-encryption key rotation (<c>creditproof keys rotate-kek</c>): every key it protects — the platform's signing keys,
    /// the PDF signature certificates' keys, these data keys and the web hosts' data protection keys — is unwrapped (with the current key, or the previous one during a rotation) and wrapped again
    /// under the current key, in one transaction. No encrypted value, blind index, signature or typed-code hash changes.
    /// </summary>
    public static async Task<(int SigningKeys, int Certificates, int DataKeys, int DataProtectionKeys)> RewrapAllAsync(CreditProofDbContext db, MasterKey current, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var signing = await db.SigningKeys.Where(k => k.Custody == KeyCustody.Database).ToListAsync(ct);
        foreach (var k in signing)
            k.EncryptedPrivateKey = current.Encrypt(current.Decrypt(k.EncryptedPrivateKey, k.Id), k.Id);
        var certificates = await db.Set<ReportCertificate>().ToListAsync(ct);
        foreach (var c in certificates)
        {
            var aad = ReportCertificateStore.CertificateKeyId(c.Id);
            c.EncryptedPrivateKey = current.Encrypt(current.Decrypt(c.EncryptedPrivateKey, aad), aad);
        }
        var data = (await db.PersonalDataKeys.ToListAsync(ct)).Where(k => k.WrappedKey.Length > 0).ToList();
        foreach (var k in data)
        {
            k.WrappedKey = current.Encrypt(current.Decrypt(k.WrappedKey, k.Purpose), k.Purpose);
            k.RewrappedAt = now;
        }

        var protection = await db.DataProtectionKeys.ToListAsync(ct);
        foreach (var k in protection)
        {
            var aad = DataProtectionKeyRow.AssociatedData(k.Name);
            k.EncryptedXml = current.Encrypt(current.Decrypt(k.EncryptedXml, aad), aad);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (signing.Count, certificates.Count, data.Count, protection.Count);
    }

    private (byte[] Encryption, byte[] BlindIndex, byte[] TypedCode) Keys()
    {
        if (_keys is { } loaded)
            return loaded;
        lock (_gate)
        {
            if (_keys is { } again)
                return again;
            using var db = CreditProofDatabase.CreateContext(settings, time);
            var keys = (Load(db, EncryptionPurpose), Load(db, BlindIndexPurpose),
                Load(db, TypedCodePurpose, () => masterKey.DeriveKey(CodeHasher.LegacyDerivationPurpose)));
            _keys = keys;
            return keys;
        }
    }

    private byte[] Load(CreditProofDbContext db, string purpose, Func<byte[]>? initial = null)
    {
        if (db.PersonalDataKeys.AsNoTracking().SingleOrDefault(k => k.Purpose == purpose) is { } stored)
            return masterKey.Decrypt(stored.WrappedKey, purpose);
        var key = initial?.Invoke() ?? RandomNumberGenerator.GetBytes(32);
        db.PersonalDataKeys.Add(new PersonalDataKey { Purpose = purpose, WrappedKey = masterKey.Encrypt(key, purpose), CreatedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            db.SaveChanges();
            return key;
        }
        catch (DbUpdateException)
        {
            // Another process created it first: use theirs.
            db.ChangeTracker.Clear();
            return masterKey.Decrypt(db.PersonalDataKeys.AsNoTracking().Single(k => k.Purpose == purpose).WrappedKey, purpose);
        }
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }
}
