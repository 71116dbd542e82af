using System.Security.Cryptography;
using System.Text;

namespace CreditProof.Signing;

/// <summary>
/// The key-encryption key that protects signing keys at rest. From configuration
/// (<c>CreditProof:KeyEncryptionKey</c>, i.e. env <c>CreditProof__KeyEncryptionKey</c>: 32 bytes, base64) or else from
/// <c>{data}/keys/master.key</c>, created on first use, readable by its owner only. It never lives in the repository.
/// </summary>
public sealed class MasterKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private MasterKey(byte[] key, string source)
    {
        _key = key;
        Source = source;
    }

    /// <summary>Where the key came from (configuration or a file path), for diagnostics; never the key itself.</summary>
    public string Source { get; }

    /// <summary>
    /// The key-encryption key before a rotation (<c>CreditProof:PreviousKeyEncryptionKey</c>): what it wrapped still
    /// unwraps while <c>creditproof keys rotate-kek</c> re-wraps everything under this key. Never used to encrypt.
    /// </summary>
    public MasterKey? Previous { get; private init; }

    /// <summary>This key, able to unwrap what <paramref name="previous"/> wrapped (rotation without downtime).</summary>
    public MasterKey WithPrevious(MasterKey previous) => new(_key, Source) { Previous = previous };

    public static MasterKey FromBase64(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The key-encryption key from {source} is not base64: give 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
        }

        return key.Length == 32
            ? new MasterKey(key, source)
            : throw new InvalidOperationException($"The key-encryption key from {source} has {key.Length} bytes; it must have 32 (AES-256).");
    }

    /// <summary>Reads the key file, creating it (mode 0600) when it does not exist.</summary>
    public static MasterKey FromFile(string path)
    {
        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(directory);
            else
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream, Encoding.ASCII);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        return FromBase64(File.ReadAllText(path), path);
    }

    /// <summary>A separate key for one purpose (HKDF-SHA256), so that the key-encryption key itself is used for nothing else.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string keyId)
    {
        var result = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, result.AsSpan(NonceSize, plaintext.Length), result.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(keyId));
        return result;
    }

    public byte[] Decrypt(ReadOnlySpan<byte> blob, string keyId)
    {
        if (blob.Length <= NonceSize + TagSize)
            throw new CryptographicException($"The encrypted private key of signing key {keyId} is truncated.");
        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(blob[..NonceSize], blob.Slice(NonceSize, plaintext.Length), blob[^TagSize..], plaintext, Encoding.UTF8.GetBytes(keyId));
        }
        catch (AuthenticationTagMismatchException) when (Previous is not null)
        {
            return Previous.Decrypt(blob, keyId);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException($"Signing key {keyId} cannot be decrypted with the key-encryption key from {Source}: wrong master key, or the stored key was altered.");
        }

        return plaintext;
    }
}
