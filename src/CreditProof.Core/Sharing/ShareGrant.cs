using System.Security.Cryptography;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CreditProof.Sharing;

/// <summary>
/// A holder's authorisation (授权) for one report: with its share code a relying party sees the full report and may
/// download the PDF, for a purpose, until it expires or the holder revokes it. Only the code's hash is stored.
/// </summary>
public sealed class ShareGrant
{
    public Guid Id { get; init; }

    public Guid ReportId { get; init; }

    public required string ReportNumber { get; init; }

    public required string CodeHash { get; init; }

    /// <summary>The scenario (finance, bidding, …) the holder shares the report for.</summary>
    public required string Purpose { get; init; }

    /// <summary>Optional: the bank or agency the holder means it for.</summary>
    public string? RelyingParty { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public bool SingleUse { get; init; }

    public DateTime? FirstUsedAt { get; set; }

    /// <summary>A single-use grant's one browser session: the hash of the session secret the first redemption set, atomically.</summary>
    public string? SessionHash { get; set; }

    public int UseCount { get; set; }

    public DateTime? RevokedAt { get; set; }

    public required string CreatedBy { get; init; }

    public ShareGrantState StateAt(DateTime now, TimeSpan singleUseSession) =>
        RevokedAt is not null ? ShareGrantState.Revoked
        : now >= ExpiresAt ? ShareGrantState.Expired
        : SingleUse && FirstUsedAt is { } first && now >= first + singleUseSession ? ShareGrantState.Used
        : ShareGrantState.Active;
}

public enum ShareGrantState
{
    Active,
    Expired,
    Revoked,
    Used,
}

internal sealed class ShareGrantConfiguration : IEntityTypeConfiguration<ShareGrant>
{
    public void Configure(EntityTypeBuilder<ShareGrant> b)
    {
        b.ToTable("share_grants");
        b.Property(g => g.ReportNumber).HasMaxLength(16);
        b.Property(g => g.CodeHash).HasMaxLength(64);
        b.Property(g => g.Purpose).HasMaxLength(100);
        b.Property(g => g.RelyingParty).HasMaxLength(200);
        b.Property(g => g.CreatedBy).HasMaxLength(200);
        b.Property(g => g.SessionHash).HasMaxLength(64);
        b.HasIndex(g => g.CodeHash).IsUnique();
        b.HasIndex(g => g.ReportId);
        b.HasOne<IssuedReport>().WithMany().HasForeignKey(g => g.ReportId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A refusal a person can act on, in both languages.</summary>
public sealed class ShareRefusedException(string messageZh, string messageEn) : InvalidOperationException(messageEn)
{
    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}

/// <summary>
/// What redeeming a share code yields: the grant, the report it opens, and the secret of the browser session that may
/// go on showing it (<see cref="ShareGrants.ResumeAsync"/>) without the code travelling again.
/// </summary>
public sealed record RedeemedShare(ShareGrant Grant, IssuedReport Report, string SessionSecret);

/// <summary>Creates, lists, revokes and redeems share grants. Share codes: 11 random base-32 symbols (55 bits) and a check symbol.</summary>
public sealed class ShareGrants(CreditProofDbContext db, CodeHasher codes, IOptions<ReportOptions> options, PlatformOptions platform, TimeProvider time)
{
    public const int CodeRandomLength = 11;
    private readonly ReportOptions _options = options.Value;

    /// <summary>The link a relying party opens with a share code (the code also works typed on /s).</summary>
    public string LinkFor(string code) => $"{platform.PublicBaseUrl.TrimEnd('/')}/s/{code}";

    public TimeSpan SingleUseSession => TimeSpan.FromMinutes(_options.SingleUseSessionMinutes);

    public async Task<(ShareGrant Grant, string Code)> CreateAsync(Guid holderSubjectId, string reportNumber, string purpose, string? relyingParty,
        int? days, bool singleUse, string createdBy, CancellationToken ct = default)
    {
        var number = ReportNumbers.ParseNumber(reportNumber) ?? throw new ShareRefusedException("报告编号无效", "the report number is not valid");
        var report = await db.IssuedReports.AsNoTracking().Where(r => r.Number == number)
            .Select(r => new { r.Id, r.SubjectId, r.Status, r.ExpiresAt }).SingleOrDefaultAsync(ct);
        // The holder may share only their own report; another subject's report looks the same as none.
        if (report is null || report.SubjectId != holderSubjectId)
            throw new ShareRefusedException("未找到该报告", "no such report of yours");
        if (report.Status == ReportStatus.Revoked)
            throw new ShareRefusedException("该报告已被撤销，不能授权查看", "the report was revoked and cannot be shared");
        if (report.Status == ReportStatus.Superseded)
            throw new ShareRefusedException("该报告内容已有变化（已被更新的记录取代），不能授权查看；请重新申请一份报告后授权",
                "the report is superseded (its records have changed) and cannot be shared; get a new report and share that one");
        if (report.ExpiresAt <= time.GetUtcNow().UtcDateTime)
            throw new ShareRefusedException("该报告已过有效期，不能授权查看；请重新申请一份报告后授权",
                "the report has expired and cannot be shared; get a new report and share that one");
        var validDays = days ?? _options.ShareDefaultDays;
        if (validDays < 1 || validDays > _options.ShareMaxDays)
            throw new ShareRefusedException($"授权有效期须为1至{_options.ShareMaxDays}天", $"a grant lasts 1 to {_options.ShareMaxDays} days");
        purpose = (purpose ?? "").Trim();
        if (purpose.Length is 0 or > 100)
            throw new ShareRefusedException("请填写授权用途（不超过100字）", "give the purpose (at most 100 characters)");
        relyingParty = string.IsNullOrWhiteSpace(relyingParty) ? null : relyingParty.Trim();
        if (relyingParty is { Length: > 200 })
            throw new ShareRefusedException("使用方名称过长（不超过200字）", "the relying party's name is too long (at most 200 characters)");

        var now = time.GetUtcNow().UtcDateTime;
        var expires = now.AddDays(validDays);
        if (expires > report.ExpiresAt)
            expires = report.ExpiresAt;
        var code = NewCode();
        var grant = new ShareGrant
        {
            Id = Guid.CreateVersion7(),
            ReportId = report.Id,
            ReportNumber = number,
            CodeHash = codes.HashHex(code),
            Purpose = purpose,
            RelyingParty = relyingParty,
            CreatedAt = now,
            ExpiresAt = expires,
            SingleUse = singleUse,
            CreatedBy = createdBy,
        };
        db.ShareGrants.Add(grant);
        await db.SaveChangesAsync(ct);
        return (grant, FormatCode(code));
    }

    public async Task<IReadOnlyList<ShareGrant>> ForReportAsync(Guid holderSubjectId, string reportNumber, CancellationToken ct = default)
    {
        var number = ReportNumbers.ParseNumber(reportNumber);
        return await db.ShareGrants.AsNoTracking()
            .Where(g => g.ReportNumber == number && db.IssuedReports.Any(r => r.Id == g.ReportId && r.SubjectId == holderSubjectId))
            .OrderByDescending(g => g.CreatedAt).ToListAsync(ct);
    }

    public async Task RevokeAsync(Guid holderSubjectId, Guid grantId, CancellationToken ct = default)
    {
        var grant = await db.ShareGrants.SingleOrDefaultAsync(g => g.Id == grantId && db.IssuedReports.Any(r => r.Id == g.ReportId && r.SubjectId == holderSubjectId), ct)
            ?? throw new ShareRefusedException("未找到该授权", "no such grant of yours");
        grant.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Opens the report a share code grants access to and counts the use. Unknown, expired, revoked and used-up codes are
    /// refused, each with its own message: the code is 55 bits and rate-limited, so telling them apart gives nothing away.
    /// </summary>
    public async Task<RedeemedShare> RedeemAsync(string typedCode, CancellationToken ct = default)
    {
        var code = ReportNumbers.Parse(typedCode, CodeRandomLength + 1)
            ?? throw new ShareRefusedException("授权码格式不正确，请核对后重新输入", "the share code is not valid; check it and type it again");
        var hash = codes.HashHex(code);
        var grant = await db.ShareGrants.SingleOrDefaultAsync(g => g.CodeHash == hash, ct)
            ?? throw new ShareRefusedException("授权码不存在", "no such share code");
        var now = time.GetUtcNow().UtcDateTime;
        var report = await ActiveReportAsync(grant, now, ("该授权为一次性授权，已被使用", "this single-use grant was already used"), ct);
        var secret = NewSessionSecret();
        if (grant.SingleUse)
        {
            // One browser only: the first redemption claims the grant in one conditional UPDATE, so two browsers
            // racing with the same code cannot both win; every later redemption of the code is refused.
            var sessionHash = codes.HashHex(secret);
            var claimed = grant.SessionHash is null && await db.ShareGrants
                .Where(g => g.Id == grant.Id && g.SessionHash == null)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.SessionHash, sessionHash).SetProperty(g => g.FirstUsedAt, now).SetProperty(g => g.UseCount, g => g.UseCount + 1), ct) == 1;
            if (!claimed)
                throw UsedElsewhere();
            db.Entry(grant).State = EntityState.Detached;
            return new RedeemedShare(await db.ShareGrants.AsNoTracking().SingleAsync(g => g.Id == grant.Id, ct), report, secret);
        }

        grant.FirstUsedAt ??= now;
        grant.UseCount++;
        await db.SaveChangesAsync(ct);
        return new RedeemedShare(grant, report, secret);
    }

    /// <summary>
    /// Shows the report again to the browser session a redemption opened: any grant while it is in force; a single-use
    /// grant only to the session that claimed it, and only within <see cref="SingleUseSession"/>. Not counted as a use.
    /// </summary>
    public async Task<RedeemedShare> ResumeAsync(Guid grantId, string sessionSecret, CancellationToken ct = default)
    {
        var grant = await db.ShareGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == grantId, ct)
            ?? throw new ShareRefusedException("授权不存在", "no such grant");
        if (grant.SingleUse && (grant.SessionHash is null
            || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(grant.SessionHash), codes.Hash(sessionSecret))))
            throw UsedElsewhere();
        var report = await ActiveReportAsync(grant, time.GetUtcNow().UtcDateTime, ("一次性授权的查看时间已结束", "the viewing time of this single-use grant has ended"), ct);
        return new RedeemedShare(grant, report, sessionSecret);
    }

    /// <summary>The report a grant in force opens; a revoked, expired or used-up grant, or a revoked report, is refused with its own message.</summary>
    private async Task<IssuedReport> ActiveReportAsync(ShareGrant grant, DateTime now, (string Zh, string En) used, CancellationToken ct)
    {
        switch (grant.StateAt(now, SingleUseSession))
        {
            case ShareGrantState.Revoked:
                throw new ShareRefusedException("持有人已撤销该授权", "the holder revoked this grant");
            case ShareGrantState.Expired:
                throw new ShareRefusedException($"该授权已于{grant.ExpiresAt.Add(platform.UtcOffset):yyyy-MM-dd HH:mm}过期", $"the grant expired on {grant.ExpiresAt:u}");
            case ShareGrantState.Used:
                throw new ShareRefusedException(used.Zh, used.En);
            case ShareGrantState.Active:
                break;
        }

        var report = await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Id == grant.ReportId, ct);
        if (report.Status == ReportStatus.Revoked)
            throw new ShareRefusedException("该报告已被撤销", "the report was revoked");
        return report;
    }

    private static ShareRefusedException UsedElsewhere() =>
        new("该授权为一次性授权，已被使用（只能在首次打开的浏览器中查看）", "this single-use grant was already used (it opens only in the browser that first opened it)");

    private static string NewSessionSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string NewCode()
    {
        Span<char> chars = stackalloc char[CodeRandomLength];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = ReportNumbers.Alphabet[RandomNumberGenerator.GetInt32(ReportNumbers.Alphabet.Length)];
        var body = new string(chars);
        return body + ReportNumbers.CheckCharacter(body);
    }

    public static string FormatCode(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";

}
