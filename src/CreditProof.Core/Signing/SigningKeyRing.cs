using System.Collections.Concurrent;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Signing;

/// <summary>
/// Process-wide cache of decrypted signing keys with one signer per thread (SM2 signers are stateful and costly to
/// set up). The active key id per algorithm is re-read from the database after a few seconds, so a rotation made by
/// another process takes effect without a restart.
/// </summary>
public sealed class SigningKeyRing(MasterKey masterKey, TimeProvider time, Pkcs11Token token) : IDisposable
{
    private static readonly TimeSpan ActiveKeyTtl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, LoadedKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SigningAlgorithm, (string KeyId, DateTimeOffset ReadAt)> _active = new();

    public MasterKey MasterKey => masterKey;

    public Pkcs11Token Token => token;

    /// <summary>The active key for the algorithm, ready to sign on the calling thread.</summary>
    public async Task<LoadedKey> GetActiveAsync(CreditProofDbContext db, SigningAlgorithm algorithm, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_active.TryGetValue(algorithm, out var cached) && now - cached.ReadAt < ActiveKeyTtl && _keys.TryGetValue(cached.KeyId, out var hit))
            return hit;

        var key = await db.Set<SigningKey>().AsNoTracking()
            .Where(k => k.Algorithm == algorithm && k.IsActive)
            .OrderByDescending(k => k.CreatedAt)
            .FirstOrDefaultAsync(ct)
            ?? throw new SigningKeyMissingException(algorithm);
        var loaded = _keys.GetOrAdd(key.Id, _ => Load(key));
        _active[algorithm] = (key.Id, now);
        return loaded;
    }

    /// <summary>Forgets the cached active key ids (after a rotation in this process).</summary>
    public void InvalidateActive() => _active.Clear();

    private LoadedKey Load(SigningKey key)
    {
        if (key.Custody == KeyCustody.Pkcs11)
        {
            // Opens one session now, so a missing or mismatched token key fails here, not at the first report.
            var first = token.CreateSigner(key.Id, key.PublicKey);
            var handedOut = 0;
            return new LoadedKey(key.Id, key.Algorithm, key.PublicKey,
                () => Interlocked.Exchange(ref handedOut, 1) == 0 ? first : token.CreateSigner(key.Id, key.PublicKey));
        }

        var privateKey = masterKey.Decrypt(key.EncryptedPrivateKey, key.Id);
        // Fails here, not at the first signature, when the stored public key does not match.
        using (SignatureAlgorithms.CreateSigner(key.Algorithm, privateKey, key.PublicKey))
        {
        }

        return new LoadedKey(key.Id, key.Algorithm, key.PublicKey, privateKey);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
            key.Dispose();
    }
}

/// <summary>A decrypted key. <see cref="Sign"/> is thread-safe: each thread gets its own signer.</summary>
public sealed class LoadedKey : IDisposable
{
    private readonly ThreadLocal<IMessageSigner> _signers;

    internal LoadedKey(string id, SigningAlgorithm algorithm, byte[] publicKey, byte[] privateKey)
        : this(id, algorithm, publicKey, () => SignatureAlgorithms.CreateSigner(algorithm, privateKey, publicKey))
    {
    }

    internal LoadedKey(string id, SigningAlgorithm algorithm, byte[] publicKey, Func<IMessageSigner> newSigner)
    {
        Id = id;
        Algorithm = algorithm;
        PublicKey = publicKey;
        _signers = new ThreadLocal<IMessageSigner>(newSigner, trackAllValues: true);
    }

    public string Id { get; }

    public SigningAlgorithm Algorithm { get; }

    public byte[] PublicKey { get; }

    public byte[] KeyIdBytes => Convert.FromHexString(Id);

    public byte[] Sign(ReadOnlySpan<byte> message) => _signers.Value!.Sign(message);

    public void Dispose()
    {
        foreach (var signer in _signers.Values)
            signer.Dispose();
        _signers.Dispose();
    }
}

public sealed class SigningKeyMissingException(SigningAlgorithm algorithm)
    : InvalidOperationException($"No active {algorithm.Name()} signing key: create one with `creditproof keys create --algorithm {algorithm.Name()}`.")
{
    public SigningAlgorithm Algorithm { get; } = algorithm;
}
