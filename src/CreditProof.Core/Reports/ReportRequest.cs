using System.Globalization;
using CreditProof.Domains;

namespace CreditProof.Reports;

/// <summary>What a subject (or an operator on its behalf) asks for. Null fields take their defaults.</summary>
public sealed record ReportRequest
{
    public required string SubjectCode { get; init; }

    /// <summary>Domain codes or Chinese names; null or empty means every active domain.</summary>
    public IReadOnlyList<string>? Domains { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>
    /// With no <see cref="From"/>: the last N years up to <see cref="To"/> (a preset, 近N年); null takes
    /// <see cref="ReportOptions.DefaultPeriodYears"/>. Shortened to the collection start when it reaches before it, and the report says so.
    /// </summary>
    public int? Years { get; init; }

    /// <summary>Intended use (应用场景), e.g. finance, bidding, procurement, approval.</summary>
    public string? Purpose { get; init; }

    public string RequestedBy { get; init; } = "operator";

    /// <summary>Chinese with English labels, for foreign relying parties (中英文对照); the legal text and the data stay Chinese.</summary>
    public bool Bilingual { get; init; }

    /// <summary>Idempotency key of the form that asked (a GUID it rendered); the database refuses a second report with it.</summary>
    public string? RequestKey { get; init; }

    /// <summary>Splits a CLI or form value such as <c>市场监管,税务</c> (also ，、; and spaces).</summary>
    public static IReadOnlyList<string> SplitDomains(string? value) =>
        (value ?? "").Split([',', '，', '、', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Intended uses a report may record. Free text is accepted too; these are the named scenarios (应用场景).</summary>
public static class ReportPurposes
{
    private static readonly Dictionary<string, (string Zh, string En)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["finance"] = ("金融（上市、融资、并购、发债等）", "finance (listing, financing, mergers, bonds)"),
        ["bidding"] = ("招标投标", "bidding"),
        ["procurement"] = ("政府采购", "government procurement"),
        ["approval"] = ("行政审批", "administrative approval"),
        ["qualification"] = ("资质审核", "qualification review"),
        ["funding"] = ("资金支持", "funding support"),
        ["award"] = ("评优评先", "awards and honours"),
        ["property-rights"] = ("产权交易", "property-rights trading"),
        ["evaluation"] = ("第三方评估", "third-party evaluation"),
        ["other"] = ("其他", "other"),
    };

    private static readonly Dictionary<string, string> EnglishOf = Known.Values.ToDictionary(v => v.Zh, v => v.En, StringComparer.Ordinal);

    /// <summary>The English label of a stored purpose (the Chinese label of a known scenario); null for a purpose typed as free text.</summary>
    public static string? English(string storedPurpose) => EnglishOf.GetValueOrDefault(storedPurpose);

    public static IReadOnlyCollection<string> Codes => Known.Keys;

    /// <summary>The Chinese label of a known scenario, or the text as given (trimmed, at most 100 characters).</summary>
    public static string? Describe(string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose))
            return null;
        var trimmed = purpose.Trim();
        return Known.TryGetValue(trimmed, out var label) ? label.Zh : trimmed.Length <= 100 ? trimmed : trimmed[..100];
    }
}

/// <summary>A request that passed every check: the subject's domains and period are settled.</summary>
public sealed record ValidatedRequest(
    string SubjectCode,
    IReadOnlyList<CreditDomain> Domains,
    bool AllDomains,
    DateOnly From,
    DateOnly To,
    string? Purpose,
    string RequestedBy);

/// <summary>A request that cannot be served, with a message in Chinese and English that says what to change.</summary>
public sealed class ReportRequestException(string field, string messageZh, string messageEn) : Exception($"{messageEn} ({messageZh})")
{
    public string Field { get; } = field;

    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}

/// <summary>A settled period (查询期间).</summary>
public readonly record struct ReportPeriod(DateOnly From, DateOnly To)
{
    /// <summary>
    /// The start the request asked for ("the last N years") when it lay before the collection start: <see cref="From"/>
    /// is then the collection start, and the form and the report say so. Null when the period is as asked.
    /// </summary>
    public DateOnly? AskedFrom { get; init; }
}

/// <summary>Checks domains and period against the collection window (565号: subject-chosen period of at most 5 years).</summary>
public static class ReportRequestRules
{
    /// <summary>
    /// The last <paramref name="years"/> years up to <paramref name="end"/>, starting no earlier than the collection start:
    /// records are held only from then on (the one definition of the shortened period: form, issuer and report).
    /// </summary>
    public static ReportPeriod LastYears(DateOnly end, int years, DateOnly collectionStart)
    {
        var asked = end.AddYears(-years).AddDays(1);
        return asked < collectionStart ? new ReportPeriod(collectionStart, end) { AskedFrom = asked } : new ReportPeriod(asked, end);
    }

    /// <summary>An explicit start is checked, never moved; without one the last <paramref name="years"/> (default: the options') years are taken (<see cref="LastYears"/>).</summary>
    public static ReportPeriod Period(DateOnly? from, DateOnly? to, DateOnly today, ReportOptions options, DateOnly collectionStart, int? years = null)
    {
        var start = collectionStart;
        var end = to ?? today;
        var last = from is null ? LastYears(end, years ?? options.DefaultPeriodYears, start) : (ReportPeriod?)null;
        var begin = from ?? last!.Value.From;

        if (end > today)
            throw new ReportRequestException("to", $"截止日期 {D(end)} 晚于今天（{D(today)}）", $"the end date {D(end)} is after today ({D(today)})");
        if (begin < start)
            throw new ReportRequestException("from", $"起始日期 {D(begin)} 早于数据归集起始日 {D(start)}", $"the start date {D(begin)} is before records are collected (from {D(start)})");
        if (begin > end)
            throw new ReportRequestException("from", $"起始日期 {D(begin)} 晚于截止日期 {D(end)}", $"the start date {D(begin)} is after the end date {D(end)}");
        if (end >= begin.AddYears(options.MaxPeriodYears))
            throw new ReportRequestException("to", $"查询期间最长 {options.MaxPeriodYears} 年：{D(begin)} 至 {D(end)} 超过了上限", $"the period may be at most {options.MaxPeriodYears} years; {D(begin)} to {D(end)} is longer");
        return last ?? new ReportPeriod(begin, end);
    }

    /// <summary>Resolves codes or Chinese names to active domains; unknown or inactive names are an error naming them.</summary>
    public static IReadOnlyList<CreditDomain> Domains(IReadOnlyList<string>? requested, IReadOnlyList<CreditDomain> all, DateOnly today)
    {
        var active = all.Where(d => d.IsAvailableOn(today)).OrderBy(d => d.SortOrder).ToList();
        if (requested is null || requested.Count == 0)
            return active;

        var chosen = new List<CreditDomain>();
        var unknown = new List<string>();
        var inactive = new List<string>();
        foreach (var name in requested)
        {
            var domain = all.FirstOrDefault(d => string.Equals(d.Code, name, StringComparison.OrdinalIgnoreCase) || string.Equals(d.NameZh, name, StringComparison.Ordinal));
            if (domain is null)
                unknown.Add(name);
            else if (!active.Contains(domain))
                inactive.Add(domain.NameZh);
            else if (!chosen.Contains(domain))
                chosen.Add(domain);
        }

        if (unknown.Count > 0)
            throw new ReportRequestException("domains", $"未知领域：{string.Join("、", unknown)}（可用领域代码或中文名称，如 market-regulation 或 市场监管）",
                $"unknown domain(s): {string.Join(", ", unknown)} (use a domain code or Chinese name, e.g. market-regulation or 市场监管)");
        if (inactive.Count > 0)
            throw new ReportRequestException("domains", $"领域尚未接入平台：{string.Join("、", inactive)}（可就该领域作出信用承诺）",
                $"domain(s) not yet covered by the platform: {string.Join(", ", inactive)} (a credit commitment can be made instead)");
        return chosen.OrderBy(d => d.SortOrder).ToList();
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
