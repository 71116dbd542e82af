namespace CreditProof.Domains;

/// <summary>An implementation domain (实施领域) such as 市场监管. Domains are data: more are added as they mature.</summary>
public sealed class CreditDomain
{
    public int Id { get; set; }

    /// <summary>Stable code used in APIs and files, e.g. <c>market-regulation</c>.</summary>
    public required string Code { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    public int SortOrder { get; set; }

    /// <summary>False for a domain whose data the platform does not hold yet: subjects may sign a credit commitment (信用承诺) instead.</summary>
    public bool IsCovered { get; set; } = true;

    /// <summary>Why the operator last changed <see cref="IsCovered"/> (mandatory: its records leave new reports), by whom and when.</summary>
    public string? CoverageReason { get; set; }

    public string? CoverageChangedBy { get; set; }

    public DateTime? CoverageChangedAt { get; set; }

    /// <summary>
    /// The one definition of an available domain: covered by the platform and in effect on <paramref name="today"/>;
    /// only these can be chosen for a report and count towards "all domains".
    /// </summary>
    public bool IsAvailableOn(DateOnly today) => IsCovered && EffectiveFrom <= today;

    public string DisplayName(bool chinese) => chinese ? NameZh : NameEn;
}

/// <summary>The operator marks a domain covered or not covered (未接入): only with a reason, which is kept and shown.</summary>
public static class DomainCoverage
{
    public static async Task<CreditDomain> SetAsync(Storage.CreditProofDbContext db, int domainId, bool covered, string? reason, string by, DateTime now, CancellationToken ct = default)
    {
        var domain = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.Domains, d => d.Id == domainId, ct)
            ?? throw new DomainCoverageException("领域不存在", "the domain does not exist");
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > 400)
        {
            throw covered
                ? new DomainCoverageException("请说明恢复接入的理由（不超过400字）", "give the reason for marking the domain covered again (at most 400 characters)")
                : new DomainCoverageException("请说明标记为“未接入”的理由（不超过400字）：该领域的记录将不再出现在新报告中", "give the reason for marking the domain not covered (at most 400 characters): its records leave new reports");
        }

        if (domain.IsCovered == covered)
            return domain;
        (domain.IsCovered, domain.CoverageReason, domain.CoverageChangedBy, domain.CoverageChangedAt) = (covered, reason, by, now);
        await db.SaveChangesAsync(ct);
        return domain;
    }
}

public sealed class DomainCoverageException(string messageZh, string messageEn) : Exception($"{messageEn} ({messageZh})")
{
    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}
