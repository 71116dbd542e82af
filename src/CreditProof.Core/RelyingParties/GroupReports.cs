using System.Globalization;
using System.Text.Json;
using CreditProof.Identifiers;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.RelyingParties;

/// <summary>How a member of a group relates to the parent company that asks for the group's reports.</summary>
public enum GroupRelation
{
    /// <summary>分支机构</summary>
    Branch = 1,

    /// <summary>子公司</summary>
    Subsidiary = 2,
}

/// <summary>
/// A group report request (集团报告): a parent company asks, in one step, for reports on itself and its branches and
/// subsidiaries with the same domains, period and purpose. The register holds no relations between subjects yet, so
/// each member consents when it signs in; its report is issued at its consent. When every member has consented the
/// parent gets one signed bundle manifest listing every report (signed like the twin) and each report's PDF.
/// </summary>
public sealed class GroupRequest
{
    public Guid Id { get; set; }

    public Guid ParentSubjectId { get; set; }

    public required string ParentReportNumber { get; set; }

    public required string Purpose { get; set; }

    public required string DomainCodes { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<GroupMember> Members { get; set; } = [];
}

/// <summary>One branch or subsidiary named in a group request, and its answer.</summary>
public sealed class GroupMember
{
    public Guid Id { get; set; }

    public Guid GroupRequestId { get; set; }

    public required string SubjectCode { get; set; }

    public Guid SubjectId { get; set; }

    public required string SubjectName { get; set; }

    public GroupRelation Relation { get; set; }

    public DateTime? ConsentedAt { get; set; }

    public DateTime? DeclinedAt { get; set; }

    public string? ReportNumber { get; set; }
}

internal sealed class GroupConfiguration : IEntityTypeConfiguration<GroupRequest>, IEntityTypeConfiguration<GroupMember>
{
    public void Configure(EntityTypeBuilder<GroupRequest> b)
    {
        b.ToTable("group_requests");
        b.Property(g => g.ParentReportNumber).HasMaxLength(16);
        b.Property(g => g.Purpose).HasMaxLength(100);
        b.Property(g => g.DomainCodes).HasMaxLength(2000);
        b.HasIndex(g => g.ParentSubjectId);
        b.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupRequestId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<GroupMember> b)
    {
        b.ToTable("group_members");
        b.Property(m => m.SubjectCode).HasMaxLength(18);
        b.Property(m => m.SubjectName).HasMaxLength(200);
        b.Property(m => m.ReportNumber).HasMaxLength(16);
        b.HasIndex(m => m.SubjectId);
        b.HasIndex(m => new { m.GroupRequestId, m.SubjectId }).IsUnique();
    }
}

/// <summary>The parent's, and each member's, part in a group report request, and the signed bundle.</summary>
public sealed class GroupReports(CreditProofDbContext db, ReportIssuer issuer, ReportCertificateCache certificates, PlatformClock clock, Notifier notifier)
{
    public const int MaxMembers = 50;
    public const string ManifestType = "creditproof-bundle+jws";
    public const string ManifestContentType = "application/vnd.creditproof.bundle+json";

    public async Task<GroupRequest> CreateAsync(Guid parentId, string parentCode, IReadOnlyList<(string Code, GroupRelation Relation)> members, IReadOnlyList<string>? domains,
        DateOnly? from, DateOnly? to, string? purpose, CancellationToken ct = default)
    {
        purpose = (purpose ?? "").Trim();
        if (purpose.Length is 0 or > 100)
            throw new WorkflowRefusedException("请填写用途（不超过100字）", "give the purpose (at most 100 characters)");
        if (members.Count is 0 or > MaxMembers)
            throw new WorkflowRefusedException($"请列出1至{MaxMembers}家分支机构或子公司", $"name 1 to {MaxMembers} branches or subsidiaries");
        var named = new List<(Subjects.Subject Subject, GroupRelation Relation)>();
        foreach (var (code, relation) in members)
        {
            var check = CreditCode.Check(code);
            if (!check.IsValid)
                throw new WorkflowRefusedException($"统一社会信用代码{code}无效：{check.ProblemZh}", $"the credit code {code} is not valid: {check.ProblemEn}");
            if (check.Normalized == parentCode)
                throw new WorkflowRefusedException("成员中不能包含本单位", "the parent is not one of its own members");
            if (named.Any(n => n.Subject.Code == check.Normalized))
                throw new WorkflowRefusedException($"{check.Normalized}重复列出", $"{check.Normalized} is named twice");
            var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Code == check.Normalized, ct)
                ?? throw new WorkflowRefusedException($"主体库中没有{check.Normalized}", $"{check.Normalized} is not in the register");
            named.Add((subject, relation));
        }

        // The parent's own report first, with the rules every report follows; its scope is the group's.
        var parentReport = await IssueAsync(parentCode, domains, from, to, purpose, "subject:" + parentCode + " (group)", ct);
        var group = new GroupRequest
        {
            Id = Guid.CreateVersion7(),
            ParentSubjectId = parentId,
            ParentReportNumber = parentReport.Content.Number,
            Purpose = purpose,
            DomainCodes = string.Join(',', parentReport.Content.Domains.Select(d => d.Code)),
            PeriodFrom = parentReport.Content.From,
            PeriodTo = parentReport.Content.To,
            CreatedAt = clock.UtcNow,
            Members = named.Select(n => new GroupMember
            {
                Id = Guid.CreateVersion7(), SubjectCode = n.Subject.Code, SubjectId = n.Subject.Id, SubjectName = n.Subject.Name, Relation = n.Relation,
            }).ToList(),
        };
        db.GroupRequests.Add(group);
        foreach (var member in group.Members)
        {
            await notifier.NotifyAsync(RecipientKind.Subject, member.SubjectId.ToString(),
                ("集团报告授权请求", "A group report asks for your consent"),
                ($"{parentReport.Content.Subject.Name}请求出具包括贵单位在内的集团专项信用报告（用途：{purpose}），请登录后同意或拒绝。",
                 $"{parentReport.Content.Subject.Name} asks for a group report that includes you (purpose: {purpose}); sign in to consent or decline."),
                "group:" + group.Id, ct);
        }

        await db.SaveChangesAsync(ct);
        return group;
    }

    public Task<List<GroupRequest>> ForParentAsync(Guid parentId, CancellationToken ct = default) =>
        db.GroupRequests.AsNoTracking().Include(g => g.Members).Where(g => g.ParentSubjectId == parentId).OrderByDescending(g => g.CreatedAt).Take(100).ToListAsync(ct);

    /// <summary>The requests that name this subject as a member, with the parent's name.</summary>
    public async Task<List<(GroupRequest Group, GroupMember Member, string ParentName)>> ForMemberAsync(Guid subjectId, CancellationToken ct = default)
    {
        var rows = await db.GroupMembers.AsNoTracking().Where(m => m.SubjectId == subjectId)
            .Join(db.GroupRequests, m => m.GroupRequestId, g => g.Id, (m, g) => new { m, g })
            .Join(db.Subjects, x => x.g.ParentSubjectId, s => s.Id, (x, s) => new { x.m, x.g, s.Name })
            .OrderByDescending(x => x.g.CreatedAt).Take(100).ToListAsync(ct);
        return rows.Select(x => (x.g, x.m, x.Name)).ToList();
    }

    /// <summary>The member consents: its report is issued with the group's scope and added to the bundle.</summary>
    public async Task<GroupMember> ConsentAsync(Guid subjectId, Guid memberId, CancellationToken ct = default)
    {
        var member = await PendingAsync(subjectId, memberId, ct);
        var group = await db.GroupRequests.AsNoTracking().SingleAsync(g => g.Id == member.GroupRequestId, ct);
        var report = await IssueAsync(member.SubjectCode, ReportRequest.SplitDomains(group.DomainCodes), group.PeriodFrom, group.PeriodTo, group.Purpose,
            "subject:" + member.SubjectCode + " (group " + group.Id + ")", ct);
        var tracked = await db.GroupMembers.SingleAsync(m => m.Id == memberId, ct);
        tracked.ConsentedAt = clock.UtcNow;
        tracked.ReportNumber = report.Content.Number;
        await notifier.NotifyAsync(RecipientKind.Subject, group.ParentSubjectId.ToString(), ("集团成员已同意", "A group member consented"),
            ($"{member.SubjectName}已同意并出具报告{report.ReportNumber}。", $"{member.SubjectName} consented; report {report.ReportNumber} was issued."), "group:" + group.Id, ct);
        await db.SaveChangesAsync(ct);
        return tracked;
    }

    public async Task DeclineAsync(Guid subjectId, Guid memberId, CancellationToken ct = default)
    {
        await PendingAsync(subjectId, memberId, ct);
        var tracked = await db.GroupMembers.SingleAsync(m => m.Id == memberId, ct);
        tracked.DeclinedAt = clock.UtcNow;
        var group = await db.GroupRequests.AsNoTracking().SingleAsync(g => g.Id == tracked.GroupRequestId, ct);
        await notifier.NotifyAsync(RecipientKind.Subject, group.ParentSubjectId.ToString(), ("集团成员拒绝授权", "A group member declined"),
            ($"{tracked.SubjectName}拒绝出具集团报告。", $"{tracked.SubjectName} declined the group report."), "group:" + group.Id, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The bundle manifest, once every member has consented: the parent and each report (number, subject, relation, the
    /// hashes of its signed content and PDF), as a compact JWS signed ES256 with the report-signing certificate, like the twin.
    /// </summary>
    public async Task<string> ManifestAsync(Guid parentId, Guid groupId, CancellationToken ct = default)
    {
        var group = await db.GroupRequests.AsNoTracking().Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == groupId && g.ParentSubjectId == parentId, ct)
            ?? throw new WorkflowRefusedException("没有这个集团报告请求", "no such group request of yours");
        var waiting = group.Members.Count(m => m.ConsentedAt is null);
        if (waiting > 0)
            throw new WorkflowRefusedException($"还有{waiting}家成员未同意，集团报告尚不完整", $"{waiting} member(s) have not consented yet; the bundle is not complete");
        var numbers = group.Members.Select(m => m.ReportNumber!).Append(group.ParentReportNumber).ToList();
        var reports = await db.IssuedReports.AsNoTracking().Where(r => numbers.Contains(r.Number))
            .Select(r => new { r.Number, r.SubjectName, r.SubjectDisplayCode, r.ContentSha256, r.PdfSha256, r.IssuedAt, r.ExpiresAt }).ToListAsync(ct);
        var relation = group.Members.ToDictionary(m => m.ReportNumber!, m => m.Relation.ToString().ToLowerInvariant());
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "creditproof-group-bundle",
            group = group.Id,
            purpose = group.Purpose,
            domains = ReportRequest.SplitDomains(group.DomainCodes),
            from = group.PeriodFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            to = group.PeriodTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            signedAt = clock.UtcNow,
            reports = reports.OrderBy(r => r.Number == group.ParentReportNumber ? 0 : 1).ThenBy(r => r.Number, StringComparer.Ordinal).Select(r => new
            {
                number = ReportNumbers.FormatNumber(r.Number),
                subject = r.SubjectName,
                code = r.SubjectDisplayCode,
                relation = r.Number == group.ParentReportNumber ? "parent" : relation[r.Number],
                contentSha256 = r.ContentSha256,
                pdfSha256 = r.PdfSha256,
                issuedAt = r.IssuedAt,
                expiresAt = r.ExpiresAt,
            }),
        });
        return ReportTwin.SignCompact(manifest, await certificates.GetActiveAsync(db, ct), ManifestType, ManifestContentType);
    }

    /// <summary>A report of the bundle's, for the parent: its own, or a member's that consented.</summary>
    public async Task<IssuedReport> ReportAsync(Guid parentId, Guid groupId, string reportNumber, CancellationToken ct = default)
    {
        var number = ReportNumbers.ParseNumber(reportNumber);
        var group = await db.GroupRequests.AsNoTracking().Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == groupId && g.ParentSubjectId == parentId, ct);
        if (group is null || number is null || !(group.ParentReportNumber == number || group.Members.Any(m => m.ReportNumber == number)))
            throw new WorkflowRefusedException("该报告不在您的集团报告中", "the report is not in your group bundle");
        return await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number, ct);
    }

    private async Task<GroupMember> PendingAsync(Guid subjectId, Guid memberId, CancellationToken ct)
    {
        var member = await db.GroupMembers.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.SubjectId == subjectId, ct)
            ?? throw new WorkflowRefusedException("没有请您授权的集团报告", "no group request asks for your consent");
        if (member.ConsentedAt is not null || member.DeclinedAt is not null)
            throw new WorkflowRefusedException("您已答复该集团报告请求", "you already answered this group request");
        return member;
    }

    private async Task<IssuedReportResult> IssueAsync(string code, IReadOnlyList<string>? domains, DateOnly? from, DateOnly? to, string purpose, string by, CancellationToken ct)
    {
        try
        {
            return await issuer.IssueAsync(new ReportRequest { SubjectCode = code, Domains = domains is { Count: > 0 } ? domains : null, From = from, To = to, Purpose = purpose, RequestedBy = by }, ct);
        }
        catch (ReportRequestException e)
        {
            throw new WorkflowRefusedException(e.MessageZh, e.MessageEn);
        }
    }
}
