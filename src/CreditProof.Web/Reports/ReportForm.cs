using System.Globalization;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Reports;

/// <summary>What the new-report form posts: the chosen domains, the period (a preset or custom dates) and the scenario.</summary>
public sealed class ReportForm
{
    public const string Custom = "custom";

    /// <summary>The scenarios (应用场景) offered on the form; <see cref="ReportPurposes"/> gives their Chinese labels.</summary>
    public static readonly IReadOnlyList<string> Purposes = ["finance", "bidding", "procurement", "approval", "other"];

    /// <summary>Period presets in years: the last 1, 3 or 5 years up to today.</summary>
    public static readonly IReadOnlyList<int> PresetYears = [1, 3, 5];

    public List<string> Domains { get; set; } = [];

    /// <summary>"1", "3", "5" or "custom".</summary>
    public string Period { get; set; } = "3";

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Purpose { get; set; }

    /// <summary>Chinese with English labels (中英文对照), for foreign relying parties.</summary>
    public bool Bilingual { get; set; }

    /// <summary>Without JavaScript, the select-all and clear buttons post the form with "all" or "none" here.</summary>
    public string? Select { get; set; }

    /// <summary>Idempotency key rendered into the form (a GUID): submitting the same form twice issues one report.</summary>
    public string? RequestKey { get; set; }
}

public sealed record DomainChoice(string Code, string Name, bool Available, bool Checked);

public sealed record DomainGroupView(string Key, IReadOnlyList<DomainChoice> Domains);

/// <summary>Everything the form partial needs to render, including the messages of a refused request by field.</summary>
public sealed record ReportFormView(
    ReportForm Form,
    IReadOnlyList<DomainGroupView> Groups,
    DateOnly Today,
    DateOnly CollectionStart,
    int MaxPeriodYears,
    IReadOnlyDictionary<string, string> Errors,
    string SubmitLabel)
{
    /// <summary>
    /// Where a preset really starts: "the last 5 years" cannot reach before the collection start, so it is shorter
    /// (<see cref="ReportPeriod.AskedFrom"/> set; the form and the report say so) — the rule the issuer applies.
    /// </summary>
    public ReportPeriod Preset(int years) => ReportRequestRules.LastYears(Today, years, CollectionStart);
}

/// <summary>The outcome of a posted form: the number of the issued report (also when a repeated submit found it), or the field and message that say what to change.</summary>
public sealed record ReportFormOutcome(string? ReportNumber, IReadOnlyDictionary<string, string> Errors);

/// <summary>Renders and issues the new-report form; shared by the subject's page and the service window.</summary>
public sealed class ReportFormService(
    CreditProofDbContext db,
    DomainDirectory domains,
    ReportIssuer issuer,
    IOptions<ReportOptions> options,
    PlatformOptions platform,
    PlatformClock clock,
    IStringLocalizer<SharedResource> localizer)
{
    private readonly ReportOptions _options = options.Value;

    public static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    public async Task<ReportFormView> ViewAsync(ReportForm form, IReadOnlyDictionary<string, string>? errors, string submitLabel, CancellationToken ct)
    {
        var today = clock.Today;
        var all = await domains.AllAsync(db, ct);
        var available = all.Where(d => d.IsAvailableOn(today)).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var chosen = form.Select switch
        {
            "all" => available,
            "none" => [],
            _ => form.Domains.ToHashSet(StringComparer.Ordinal),
        };
        form.Domains = all.Where(d => chosen.Contains(d.Code)).Select(d => d.Code).ToList();
        form.Select = null;
        form.RequestKey = Guid.TryParse(form.RequestKey, out var key) ? key.ToString("N") : Guid.NewGuid().ToString("N");
        var groups = all
            .GroupBy(d => DomainGroups.Of(d.Code))
            .OrderBy(g => IndexOf(DomainGroups.Order, g.Key))
            .Select(g => new DomainGroupView(g.Key, g.OrderBy(d => d.SortOrder)
                .Select(d => new DomainChoice(d.Code, d.DisplayName(Chinese), available.Contains(d.Code), chosen.Contains(d.Code))).ToList()))
            .ToList();
        return new ReportFormView(form, groups, today, platform.CollectionStart, _options.MaxPeriodYears,
            errors ?? new Dictionary<string, string>(), submitLabel);
    }

    /// <summary>Issues the report the form asks for; refusals come back as messages by field, in the reader's language.</summary>
    public async Task<ReportFormOutcome> IssueAsync(ReportForm form, string subjectCode, string requestedBy, CancellationToken ct)
    {
        var requestKey = Guid.TryParse(form.RequestKey, out var key) ? key.ToString("N") : null;
        if (requestKey is not null && await IssuedForAsync(requestKey, subjectCode, ct) is { } already)
            return new ReportFormOutcome(already, new Dictionary<string, string>());
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (form.Domains.Count == 0)
            errors["domains"] = localizer["ChooseDomains"];
        if (form.Purpose is null || !ReportForm.Purposes.Contains(form.Purpose, StringComparer.Ordinal))
            errors["purpose"] = localizer["ChoosePurpose"];
        var (from, to, years) = PeriodOf(form, errors);
        if (errors.Count > 0)
            return new ReportFormOutcome(null, errors);

        try
        {
            var report = await issuer.IssueAsync(new ReportRequest
            {
                SubjectCode = subjectCode,
                Domains = form.Domains,
                From = from,
                To = to,
                Years = years,
                Purpose = form.Purpose,
                RequestedBy = requestedBy,
                Bilingual = form.Bilingual,
                RequestKey = requestKey,
            }, ct);
            return new ReportFormOutcome(report.Content.Number, errors);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException) when (requestKey is not null)
        {
            // Two submits of one form at once: the unique key let one report in; this submit shows that one.
            db.ChangeTracker.Clear();
            if (await IssuedForAsync(requestKey, subjectCode, ct) is { } concurrent)
                return new ReportFormOutcome(concurrent, errors);
            throw;
        }
        catch (ReportRequestException e)
        {
            errors[e.Field] = Chinese ? e.MessageZh : e.MessageEn;
        }
        catch (Exception e) when (e is SigningKeyMissingException or ReportCertificateMissingException)
        {
            errors["subject"] = localizer["NoSigningKey"];
        }

        return new ReportFormOutcome(null, errors);
    }

    /// <summary>Custom dates as typed, or a preset's years up to today (the issuer shortens it to the collection start: <see cref="ReportRequestRules.LastYears"/>).</summary>
    private (DateOnly? From, DateOnly? To, int? Years) PeriodOf(ReportForm form, Dictionary<string, string> errors)
    {
        if (int.TryParse(form.Period, NumberStyles.None, CultureInfo.InvariantCulture, out var years) && ReportForm.PresetYears.Contains(years))
            return (null, clock.Today, years);

        if (form.Period != ReportForm.Custom)
        {
            errors["period"] = localizer["ChoosePeriod"];
            return (null, null, null);
        }

        if (form.From is null)
            errors["from"] = localizer["EnterDate"];
        if (form.To is null)
            errors["to"] = localizer["EnterDate"];
        return (form.From, form.To, null);
    }

    private async Task<string?> IssuedForAsync(string requestKey, string subjectCode, CancellationToken ct)
    {
        var code = subjectCode.Trim().ToUpperInvariant();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.IssuedReports.Where(r => r.RequestKey == requestKey && db.Subjects.Any(s => s.Id == r.SubjectId && s.Code == code)).Select(r => r.Number), ct);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
                return i;
        }

        return list.Count;
    }
}
