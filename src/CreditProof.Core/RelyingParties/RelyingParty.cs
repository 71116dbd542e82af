using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.RelyingParties;

/// <summary>The kinds of organisation that rely on reports (报告使用方). The number is stored: append, never renumber.</summary>
public enum RelyingPartyKind
{
    /// <summary>银行等金融机构</summary>
    Bank = 1,

    /// <summary>招标投标平台、招标代理机构</summary>
    BiddingPlatform = 2,

    /// <summary>政府采购单位</summary>
    ProcurementBody = 3,

    /// <summary>行政审批等主管部门</summary>
    Authority = 4,

    /// <summary>外省信用平台</summary>
    OtherProvince = 5,
}

public static class RelyingPartyKinds
{
    public static string NameZh(this RelyingPartyKind kind) => kind switch
    {
        RelyingPartyKind.Bank => "金融机构",
        RelyingPartyKind.BiddingPlatform => "招标投标平台",
        RelyingPartyKind.ProcurementBody => "政府采购单位",
        RelyingPartyKind.Authority => "主管部门",
        RelyingPartyKind.OtherProvince => "外省信用平台",
    };

    public static string NameEn(this RelyingPartyKind kind) => kind switch
    {
        RelyingPartyKind.Bank => "bank",
        RelyingPartyKind.BiddingPlatform => "bidding platform",
        RelyingPartyKind.ProcurementBody => "procurement body",
        RelyingPartyKind.Authority => "authority",
        RelyingPartyKind.OtherProvince => "other province",
    };

    /// <summary>The API and form spelling: bank, bidding-platform, procurement-body, authority, other-province.</summary>
    public static string Slug(this RelyingPartyKind kind) => kind switch
    {
        RelyingPartyKind.Bank => "bank",
        RelyingPartyKind.BiddingPlatform => "bidding-platform",
        RelyingPartyKind.ProcurementBody => "procurement-body",
        RelyingPartyKind.Authority => "authority",
        RelyingPartyKind.OtherProvince => "other-province",
    };

    public static RelyingPartyKind? FromSlug(string? slug) =>
        Enum.GetValues<RelyingPartyKind>().Cast<RelyingPartyKind?>().FirstOrDefault(k => string.Equals(k!.Value.Slug(), slug?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// An organisation registered by the operator that relies on reports: a bank, a bidding platform, a procurement body,
/// an authority or another province's platform. Its staff sign in with staff accounts bound to it; its systems use API
/// keys with scopes; it is rate-limited as one organisation, not per address.
/// </summary>
public sealed class RelyingParty
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>统一社会信用代码, checked like every other code of the platform.</summary>
    public required string CreditCode { get; set; }

    public RelyingPartyKind Kind { get; set; }

    /// <summary>Requests per minute for the organisation as a whole (all its keys and staff).</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Where change notices are posted (https, or http on a loopback address for tests); null: inbox only.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The webhook's HMAC secret, encrypted under the key-encryption key (AES-GCM, bound to the organisation's id).</summary>
    public byte[]? WebhookSecret { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime? DisabledAt { get; set; }
}

/// <summary>What an API key of a relying party may do. Stored as a comma-separated list of the slugs.</summary>
public static class RelyingPartyScopes
{
    /// <summary>Verify reports by QR text, number + code or share code; the verification history.</summary>
    public const string Verify = "verify";

    /// <summary>Fetch reports shared or granted to the organisation (PDF and signed twin), their changes and notices.</summary>
    public const string Reports = "reports";

    /// <summary>Create and read requirement links.</summary>
    public const string Requests = "requests";

    /// <summary>Ask for explanations of records and read the answers.</summary>
    public const string Explanations = "explanations";

    public static readonly IReadOnlyList<string> All = [Verify, Reports, Requests, Explanations];

    /// <summary>The known scopes of a list (comma or space separated), or null naming the first unknown one.</summary>
    public static (IReadOnlyList<string>? Scopes, string? Unknown) Parse(string? list)
    {
        var parts = (list ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (parts.Count == 0)
            return (All, null);
        var unknown = parts.FirstOrDefault(p => !All.Contains(p));
        return unknown is null ? (parts, null) : (null, unknown);
    }
}

/// <summary>An API key of a relying party: only the SHA-256 of the secret is stored; the secret is shown once, at issue.</summary>
public sealed class RelyingPartyApiKey
{
    public int Id { get; set; }

    public int RelyingPartyId { get; set; }

    public RelyingParty RelyingParty { get; set; } = null!;

    public required string Prefix { get; set; }

    public required string Hash { get; set; }

    /// <summary>Comma-separated <see cref="RelyingPartyScopes"/>.</summary>
    public required string Scopes { get; set; }

    public string? Label { get; set; }

    public required string IssuedBy { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}

internal sealed class RelyingPartyConfiguration : IEntityTypeConfiguration<RelyingParty>, IEntityTypeConfiguration<RelyingPartyApiKey>
{
    public void Configure(EntityTypeBuilder<RelyingParty> b)
    {
        b.ToTable("relying_parties");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.CreditCode).HasMaxLength(18);
        b.Property(p => p.WebhookUrl).HasMaxLength(500);
        b.Property(p => p.CreatedBy).HasMaxLength(200);
        b.HasIndex(p => p.CreditCode).IsUnique();
    }

    public void Configure(EntityTypeBuilder<RelyingPartyApiKey> b)
    {
        b.ToTable("relying_party_api_keys");
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.Hash).HasMaxLength(64);
        b.Property(k => k.Scopes).HasMaxLength(100);
        b.Property(k => k.Label).HasMaxLength(200);
        b.Property(k => k.IssuedBy).HasMaxLength(200);
        b.Property(k => k.RevokedBy).HasMaxLength(200);
        b.HasIndex(k => k.Hash).IsUnique();
        b.HasOne(k => k.RelyingParty).WithMany().HasForeignKey(k => k.RelyingPartyId).OnDelete(DeleteBehavior.Restrict);
    }
}
