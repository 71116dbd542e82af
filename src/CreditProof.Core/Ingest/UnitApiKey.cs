using System.Security.Cryptography;
using System.Text;
using CreditProof.Storage;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Ingest;

/// <summary>
/// An API key a data source unit uses to submit records. Only a SHA-256 hash of the secret is stored; the operator issues
/// and revokes keys through the CLI and sees the secret once, at issue.
/// </summary>
public sealed class UnitApiKey
{
    public int Id { get; set; }

    public int UnitId { get; set; }

    public DataSourceUnit Unit { get; set; } = null!;

    /// <summary>The first characters of the key (shown in lists, used to find the row).</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string Hash { get; set; }

    public string? Label { get; set; }

    public required string IssuedBy { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public bool IsActive => RevokedAt is null;
}

internal sealed class UnitApiKeyConfiguration : IEntityTypeConfiguration<UnitApiKey>
{
    public void Configure(EntityTypeBuilder<UnitApiKey> b)
    {
        b.ToTable("unit_api_keys");
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.Hash).HasMaxLength(64);
        b.Property(k => k.Label).HasMaxLength(200);
        b.Property(k => k.IssuedBy).HasMaxLength(200);
        b.Property(k => k.RevokedBy).HasMaxLength(200);
        b.HasIndex(k => k.Hash).IsUnique();
        b.HasIndex(k => k.Prefix);
        b.HasOne(k => k.Unit).WithMany().HasForeignKey(k => k.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(k => k.IsActive);
    }
}

public sealed record IssuedKey(int Id, string UnitCode, string Key, string Prefix);

public sealed record ApiKeyOwner(int KeyId, int UnitId, string UnitCode, string UnitName);

/// <summary>Issues, revokes and checks unit API keys.</summary>
public sealed class UnitApiKeys(CreditProofDbContext db, TimeProvider time)
{
    private const string KeyPrefix = "cpk_";

    public async Task<IssuedKey> IssueAsync(string unitCode, string issuedBy, string? label, CancellationToken ct = default)
    {
        var code = unitCode.Trim().ToUpperInvariant();
        var unit = await db.Units.SingleOrDefaultAsync(u => u.CreditCode == code, ct)
            ?? throw new InvalidOperationException($"The data source unit '{unitCode}' is not registered (数据来源单位未登记).");
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var entity = new UnitApiKey
        {
            UnitId = unit.Id,
            Prefix = key[..12],
            Hash = Hash(key),
            Label = label,
            IssuedBy = issuedBy,
            IssuedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return new IssuedKey(entity.Id, unit.CreditCode, key, entity.Prefix);
    }

    /// <summary>Revokes a key by its id or prefix; false when no active key matches.</summary>
    public async Task<bool> RevokeAsync(string idOrPrefix, string revokedBy, CancellationToken ct = default)
    {
        var id = int.TryParse(idOrPrefix, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        var keys = await db.Set<UnitApiKey>().Where(k => (k.Id == id || k.Prefix == idOrPrefix) && k.RevokedAt == null).ToListAsync(ct);
        if (keys.Count != 1)
            return false;
        keys[0].RevokedAt = time.GetUtcNow().UtcDateTime;
        keys[0].RevokedBy = revokedBy;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public Task<List<UnitApiKey>> ListAsync(string? unitCode, CancellationToken ct = default) =>
        db.Set<UnitApiKey>().AsNoTracking().Include(k => k.Unit)
            .Where(k => unitCode == null || k.Unit.CreditCode == unitCode)
            .OrderBy(k => k.Id).ToListAsync(ct);

    /// <summary>The unit a presented key belongs to, or null for an unknown or revoked key.</summary>
    public async Task<ApiKeyOwner?> FindOwnerAsync(string presentedKey, CancellationToken ct = default)
    {
        if (!presentedKey.StartsWith(KeyPrefix, StringComparison.Ordinal) || presentedKey.Length < 20)
            return null;
        var hash = Hash(presentedKey);
        var key = await db.Set<UnitApiKey>().AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new ApiKeyOwner(k.Id, k.UnitId, k.Unit.CreditCode, k.Unit.Name))
            .SingleOrDefaultAsync(ct);
        return key;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
