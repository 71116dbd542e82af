using System.Security.Cryptography;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.RelyingParties;

/// <summary>What a relying party asks for in a requirement link.</summary>
public sealed record RequirementInput(IReadOnlyList<string>? Domains, DateOnly? From, DateOnly? To, string? Purpose, int? ValidDays, bool AsksChangeNotices,
    string? SubjectCode, int? LinkDays);

/// <summary>Exactly what fulfilling a requirement will issue and to whom: resolved domains, the period, the party and the grant.</summary>
public sealed record RequirementPreview(ReportRequirement Requirement, string PartyName, RelyingPartyKind PartyKind, IReadOnlyList<CreditDomain> Domains, bool AllDomains,
    DateOnly From, DateOnly To, DateTime ReportValidUntil);

/// <summary>What the subject got by fulfilling a requirement: the report and the grant to the party.</summary>
public sealed record Fulfilment(IssuedReportResult Report, PartyGrant Grant);

/// <summary>
/// Requirement links (需求链接): a relying party states what it needs; the signed-in subject sees exactly what will be
/// issued and to whom, and issues it and grants the party access in one step; the party sees the request fulfilled.
/// </summary>
public sealed class Requirements(CreditProofDbContext db, ReportIssuer issuer, DomainDirectory domains, IOptions<ReportOptions> reportOptions, PlatformOptions platform,
    PlatformClock clock, Notifier notifier)
{
    public const int DefaultLinkDays = 30;
    public const int MaxLinkDays = 90;
    private readonly ReportOptions _options = reportOptions.Value;

    public string LinkFor(ReportRequirement requirement) => $"{platform.PublicBaseUrl.TrimEnd('/')}/r/{requirement.Token}";

    public async Task<ReportRequirement> CreateAsync(int relyingPartyId, RequirementInput input, string createdBy, CancellationToken ct = default)
    {
        var purpose = (input.Purpose ?? "").Trim();
        if (purpose.Length is 0 or > 100)
            throw new WorkflowRefusedException("请填写用途（不超过100字）", "give the purpose (at most 100 characters)");
        var validDays = input.ValidDays ?? _options.ValidityDays;
        if (validDays < 1 || validDays > _options.ValidityDays)
            throw new WorkflowRefusedException($"报告须有效的天数应为1至{_options.ValidityDays}天（报告有效期为{_options.ValidityDays}天）",
                $"the days the report must stay valid must be 1 to {_options.ValidityDays} (a report is valid for {_options.ValidityDays} days)");
        var linkDays = input.LinkDays ?? DefaultLinkDays;
        if (linkDays < 1 || linkDays > MaxLinkDays)
            throw new WorkflowRefusedException($"链接有效期须为1至{MaxLinkDays}天", $"a link lasts 1 to {MaxLinkDays} days");
        string? subjectCode = null;
        if (!string.IsNullOrWhiteSpace(input.SubjectCode))
        {
            var check = CreditCode.Check(input.SubjectCode);
            if (!check.IsValid)
                throw new WorkflowRefusedException($"指定主体的统一社会信用代码无效：{check.ProblemZh}", $"the subject's unified social credit code is not valid: {check.ProblemEn}");
            subjectCode = check.Normalized;
        }

        var requirement = new ReportRequirement
        {
            Id = Guid.CreateVersion7(),
            Token = NewToken(),
            RelyingPartyId = relyingPartyId,
            DomainCodes = string.Join(',', (input.Domains ?? []).Select(d => d.Trim()).Where(d => d.Length > 0)),
            PeriodFrom = input.From,
            PeriodTo = input.To,
            Purpose = purpose,
            ValidDays = validDays,
            AsksChangeNotices = input.AsksChangeNotices,
            SubjectCode = subjectCode,
            Status = RequirementStatus.Open,
            CreatedAt = clock.UtcNow,
            CreatedBy = createdBy,
            ExpiresAt = clock.UtcNow.AddDays(linkDays),
        };
        // The same rules as the report itself, now: a request naming an unknown domain or an impossible period is refused here, not at the subject.
        await ResolveAsync(requirement, ct);
        db.ReportRequirements.Add(requirement);
        await db.SaveChangesAsync(ct);
        return requirement;
    }

    public Task<List<ReportRequirement>> ForPartyAsync(int relyingPartyId, CancellationToken ct = default) =>
        db.ReportRequirements.AsNoTracking().Where(r => r.RelyingPartyId == relyingPartyId).OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(ct);

    public async Task<ReportRequirement?> OfPartyAsync(int relyingPartyId, Guid id, CancellationToken ct = default) =>
        await db.ReportRequirements.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.RelyingPartyId == relyingPartyId, ct);

    public async Task CancelAsync(int relyingPartyId, Guid id, CancellationToken ct = default)
    {
        var changed = await db.ReportRequirements.Where(r => r.Id == id && r.RelyingPartyId == relyingPartyId && r.Status == RequirementStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequirementStatus.Cancelled), ct);
        if (changed == 0)
            throw new WorkflowRefusedException("没有这个待办理的需求", "no such open request");
    }

    /// <summary>What the link will issue, for the subject to read before confirming; refused when the link cannot be used (any longer).</summary>
    public async Task<RequirementPreview> PreviewAsync(string token, string subjectCode, CancellationToken ct = default)
    {
        var requirement = await db.ReportRequirements.AsNoTracking().SingleOrDefaultAsync(r => r.Token == token, ct)
            ?? throw new WorkflowRefusedException("需求链接不存在，请向报告使用方核对链接", "no such request link; check the link with the relying party");
        switch (requirement.Status)
        {
            case RequirementStatus.Fulfilled:
                throw new WorkflowRefusedException("该需求已办理，报告已出具并授权", "this request was already fulfilled: the report was issued and shared");
            case RequirementStatus.Cancelled:
                throw new WorkflowRefusedException("报告使用方已取消该需求", "the relying party cancelled this request");
            case RequirementStatus.Open:
                break;
        }

        if (requirement.ExpiresAt <= clock.UtcNow)
            throw new WorkflowRefusedException("该需求链接已过期，请向报告使用方索取新的链接", "this request link has expired; ask the relying party for a new one");
        if (requirement.SubjectCode is { } meant && !string.Equals(meant, subjectCode, StringComparison.Ordinal))
            throw new WorkflowRefusedException("该需求指定了其他信用主体，您不能办理", "this request is meant for another subject");
        var party = await db.RelyingParties.AsNoTracking().SingleAsync(p => p.Id == requirement.RelyingPartyId, ct);
        var (chosen, all, from, to) = await ResolveAsync(requirement, ct);
        return new RequirementPreview(requirement, party.Name, party.Kind, chosen, all, from, to, clock.UtcNow.AddDays(_options.ValidityDays));
    }

    /// <summary>
    /// Issues the report the requirement describes for the signed-in subject and grants the party access in one step.
    /// Change notices need both the party's request and the subject's consent; seeing what changed needs the subject's consent.
    /// </summary>
    public async Task<Fulfilment> FulfilAsync(string token, Guid subjectId, string subjectCode, bool consentNotices, bool consentShowChanges, CancellationToken ct = default)
    {
        var preview = await PreviewAsync(token, subjectCode, ct);
        var requirement = preview.Requirement;
        // Claimed first, so two tabs cannot issue two reports for one request.
        if (await db.ReportRequirements.Where(r => r.Id == requirement.Id && r.Status == RequirementStatus.Open)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequirementStatus.Fulfilled).SetProperty(r => r.FulfilledAt, clock.UtcNow), ct) == 0)
            throw new WorkflowRefusedException("该需求已办理，报告已出具并授权", "this request was already fulfilled: the report was issued and shared");
        IssuedReportResult issued;
        try
        {
            issued = await issuer.IssueAsync(new ReportRequest
            {
                SubjectCode = subjectCode,
                Domains = preview.AllDomains ? null : preview.Domains.Select(d => d.Code).ToList(),
                // As asked, not as resolved: a default period shortened by the collection start is stated on the report.
                From = requirement.PeriodFrom,
                To = requirement.PeriodTo,
                Purpose = requirement.Purpose,
                RequestedBy = "subject:" + ResidentId.MaskAll(subjectCode) + " for relying party " + requirement.RelyingPartyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, ct);
        }
        catch (ReportRequestException e)
        {
            await db.ReportRequirements.Where(r => r.Id == requirement.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequirementStatus.Open).SetProperty(r => r.FulfilledAt, (DateTime?)null), ct);
            throw new WorkflowRefusedException(e.MessageZh, e.MessageEn);
        }

        var number = ReportNumbers.ParseNumber(issued.ReportNumber)!;
        var report = await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => new { r.Id, r.Status, r.ExpiresAt }).SingleAsync(ct);
        var grant = new PartyGrant
        {
            Id = Guid.CreateVersion7(),
            RelyingPartyId = requirement.RelyingPartyId,
            ReportId = report.Id,
            ReportNumber = number,
            SubjectId = subjectId,
            RequirementId = requirement.Id,
            Purpose = requirement.Purpose,
            NotifyOnChange = requirement.AsksChangeNotices && consentNotices,
            ShowChanges = consentShowChanges,
            KnownStatus = report.Status,
            CreatedAt = clock.UtcNow,
            ExpiresAt = report.ExpiresAt,
        };
        db.PartyGrants.Add(grant);
        var tracked = await db.ReportRequirements.SingleAsync(r => r.Id == requirement.Id, ct);
        tracked.GrantId = grant.Id;
        await notifier.NotifyAsync(RecipientKind.RelyingParty, requirement.RelyingPartyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("需求已办理", "Request fulfilled"),
            ($"您的需求“{requirement.Purpose}”已由主体办理：报告{issued.ReportNumber}已出具并授权贵单位查看。",
             $"Your request '{requirement.Purpose}' was fulfilled: report {issued.ReportNumber} was issued and shared with you."),
            "requirement:" + requirement.Id, ct);
        await db.SaveChangesAsync(ct);
        return new Fulfilment(issued, grant);
    }

    private async Task<(IReadOnlyList<CreditDomain> Domains, bool All, DateOnly From, DateOnly To)> ResolveAsync(ReportRequirement requirement, CancellationToken ct)
    {
        var today = clock.Today;
        var all = await domains.AllAsync(db, ct);
        try
        {
            var codes = ReportRequest.SplitDomains(requirement.DomainCodes);
            var chosen = ReportRequestRules.Domains(codes, all, today);
            var (from, to) = ReportRequestRules.Period(requirement.PeriodFrom, requirement.PeriodTo, today, _options, platform.CollectionStart);
            return (chosen, codes.Count == 0, from, to);
        }
        catch (ReportRequestException e)
        {
            throw new WorkflowRefusedException(e.MessageZh, e.MessageEn);
        }
    }

    private static string NewToken()
    {
        Span<char> chars = stackalloc char[20];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = ReportNumbers.Alphabet[RandomNumberGenerator.GetInt32(ReportNumbers.Alphabet.Length)];
        return new string(chars);
    }
}
