using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CreditProof.Verification;

/// <summary>
/// Another platform's signed status list (IETF Token Status List, as it publishes it at
/// <c>/.well-known/creditproof/status-list</c>), imported so that its reports verified here show their status
/// (跨省互认). The newest one per issuer is kept; it is verified again with the trust list whenever it is loaded.
/// </summary>
public sealed class ForeignStatusList
{
    public required string Issuer { get; init; }

    /// <summary>The CWT exactly as the issuing platform signed it.</summary>
    public required byte[] Token { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime ImportedAt { get; set; }

    public required string ImportedBy { get; set; }
}

internal sealed class ForeignStatusListConfiguration : IEntityTypeConfiguration<ForeignStatusList>
{
    public void Configure(EntityTypeBuilder<ForeignStatusList> b)
    {
        b.ToTable("foreign_status_lists");
        b.HasKey(l => l.Issuer);
        b.Property(l => l.Issuer).HasMaxLength(16);
        b.Property(l => l.ImportedBy).HasMaxLength(200);
    }
}

/// <summary>What this platform knows of another platform's report statuses: its verified list, or why there is none.</summary>
public sealed record ForeignStatus(StatusListToken? Token, string? Problem);

/// <summary>
/// Imports other platforms' status lists and keeps them, verified, in memory for the online verifier. Reloaded from the
/// database every 30 seconds (another web instance may have imported a newer one) or at once after an import here.
/// </summary>
public sealed class ForeignStatusStore(TrustStore trust, IOptions<ReportOptions> options, PlatformOptions platform, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly ReportOptions _options = options.Value;
    private Loaded? _cache;

    /// <summary>The cached lists by issuer, or null when they must be (re)loaded with <see cref="GetAsync"/>.</summary>
    public IReadOnlyDictionary<string, ForeignStatus>? Cached => Volatile.Read(ref _cache) is { } c && time.GetUtcNow() - c.ReadAt < Ttl ? c.Lists : null;

    public async Task<IReadOnlyDictionary<string, ForeignStatus>> GetAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        if (Cached is { } cached)
            return cached;
        var keys = await trust.GetAsync(db, ct);
        var now = time.GetUtcNow();
        var lists = new Dictionary<string, ForeignStatus>(StringComparer.Ordinal);
        foreach (var stored in await db.ForeignStatusLists.AsNoTracking().ToListAsync(ct))
        {
            try
            {
                lists[stored.Issuer] = new ForeignStatus(StatusListToken.Verify(stored.Token, keys, now), null);
            }
            catch (InvalidDataException e)
            {
                // Expired, or its key is no longer trusted: the status is unknown, and the verifier says why.
                lists[stored.Issuer] = new ForeignStatus(null, e.Message);
            }
        }

        Volatile.Write(ref _cache, new Loaded(lists, now));
        return lists;
    }

    public void Invalidate() => Volatile.Write(ref _cache, null);

    /// <summary>
    /// Verifies another platform's status list with the trust list (its key must have been imported with its trust
    /// list) and keeps it, unless the one held is newer. Throws <see cref="InvalidDataException"/> saying why not.
    /// </summary>
    public async Task<StatusListToken> ImportAsync(CreditProofDbContext db, byte[] token, string importedBy, CancellationToken ct = default)
    {
        var verified = StatusListToken.Verify(token, await trust.GetAsync(db, ct), time.GetUtcNow());
        if (string.Equals(verified.Issuer, platform.Issuer, StringComparison.Ordinal))
            throw new InvalidDataException($"The status list is issued by {verified.Issuer}, this platform's own code; its statuses are kept here already.");
        var issuedAt = verified.IssuedAt.UtcDateTime;
        var held = await db.ForeignStatusLists.SingleOrDefaultAsync(l => l.Issuer == verified.Issuer, ct);
        if (held is not null && held.IssuedAt > issuedAt)
            throw new InvalidDataException($"The status list of {verified.Issuer} was issued at {verified.IssuedAt:u}; the one held here is newer ({held.IssuedAt:u}).");
        if (held is null)
        {
            held = new ForeignStatusList { Issuer = verified.Issuer, Token = token, ImportedBy = importedBy };
            db.ForeignStatusLists.Add(held);
        }

        held.Token = token;
        held.IssuedAt = issuedAt;
        held.ExpiresAt = verified.ExpiresAt.UtcDateTime;
        held.ImportedAt = time.GetUtcNow().UtcDateTime;
        held.ImportedBy = importedBy;
        await db.SaveChangesAsync(ct);
        Invalidate();
        return verified;
    }

    /// <summary>One load of the lists; replaced whole, so a reader on another thread sees one load or the next.</summary>
    private sealed record Loaded(IReadOnlyDictionary<string, ForeignStatus> Lists, DateTimeOffset ReadAt);

    /// <summary>Forgets another platform's status list (also done when its keys are removed from the trust list).</summary>
    public async Task<bool> RemoveAsync(CreditProofDbContext db, string issuer, CancellationToken ct = default)
    {
        var removed = await db.ForeignStatusLists.Where(l => l.Issuer == issuer).ExecuteDeleteAsync(ct) > 0;
        Invalidate();
        return removed;
    }
}
