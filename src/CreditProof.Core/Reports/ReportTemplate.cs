using System.Collections.Concurrent;
using System.Text.Json;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Reports;

/// <summary>
/// The wording, headings and branding of a report. Versioned: the shipped default is embedded
/// (<c>Reports/Templates/report-*.json</c>); an operator adds a version at run time (<see cref="ReportTemplateStore.AddAsync"/>),
/// and every issued report records the version it used.
/// </summary>
public sealed record ReportTemplate
{
    public required string Version { get; init; }

    public required string Title { get; init; }

    public string Subtitle { get; init; } = "";

    public required string PlatformName { get; init; }

    public string BrandLine { get; init; } = "";

    public required CoverLabels CoverLabels { get; init; }

    public required string AllDomains { get; init; }

    public required string SomeDomains { get; init; }

    public required Headings Headings { get; init; }

    public required IReadOnlyList<string> Explanation { get; init; }

    public required string NotChosenAll { get; init; }

    public required string NotChosenSome { get; init; }

    public required IReadOnlyList<string> SummaryColumns { get; init; }

    public required string NoRecord { get; init; }

    public required string RecordCount { get; init; }

    public required string NoRecordsAtAll { get; init; }

    /// <summary>The summary's verdict for a domain whose records are all repaired or past their publicity.</summary>
    public string AllRepairedOrEnded { get; init; } = "有记录，均已修复或公示期满";

    /// <summary>Beside the count of records in effect, when the domain also has repaired or ended ones.</summary>
    public string AlsoRepairedOrEnded { get; init; } = "，另 {count} 条已修复或期满";

    /// <summary>The summary's fourth column: the day the domain's data is complete to (older templates get the defaults).</summary>
    public string DataAsOfColumn { get; init; } = "数据截至";

    /// <summary>The verdict for a domain with no record received whose data is incomplete: never 未发现.</summary>
    public string NoConclusion { get; init; } = "本领域数据暂不完整，不作结论";

    /// <summary>After the record count of a domain whose data is incomplete.</summary>
    public string IncompleteMark { get; init; } = "（本领域数据暂不完整）";

    /// <summary>In the data-as-of column when a unit of the domain never delivered.</summary>
    public string NoDelivery { get; init; } = "尚未报送";

    /// <summary>Below the summary: what the data-as-of column means and when no conclusion is drawn.</summary>
    public string DataAsOfNote { get; init; } =
        "注：“数据截至”为该领域全部数源单位最近一次报送数据（含无新增记录的零报告）的最早日期。任一数源单位超过 {days} 个工作日未报送的领域，本报告不作“未发现违法违规记录”的结论；已归集的记录照常列出。";

    public required RecordLabels RecordLabels { get; init; }

    public required string Repaired { get; init; }

    public required string Corrected { get; init; }

    public required string TenThousandYuan { get; init; }

    public required IReadOnlyList<string> VerificationText { get; init; }

    public required string Footer { get; init; }

    public string EndMark { get; init; } = "";

    /// <summary>Label and text for a record whose objection is being handled (older templates get the defaults).</summary>
    public string ObjectionLabel { get; init; } = "异议状态";

    public string UnderObjection { get; init; } = "异议处理中（记录正在核查，以核查结论为准）";

    public string CommitmentsHeading { get; init; } = "信用承诺事项";

    public string CommitmentsNote { get; init; } = "以下为信用主体就本平台尚未覆盖的领域作出的信用承诺，仅为主体的自我承诺，不构成该领域无违法违规记录的核查结论。";

    public IReadOnlyList<string> CommitmentColumns { get; init; } = ["领域", "承诺日期", "履约状态"];

    public string CommitmentActive { get; init; } = "履约跟踪中";

    public string CommitmentKept { get; init; } = "已履约";

    public string PublicityEnded { get; init; } = "公示期满，已停止公示";

    /// <summary>
    /// Below the cover's period when the period asked for ("the last N years", from {asked}) started before the
    /// collection start: the report's period starts there. Older templates get the default.
    /// </summary>
    public string PeriodShortened { get; init; } = "本报告期间自数据归集起始日 {collectionStart} 起算（所选期间起始日 {asked} 早于平台开始归集数据之日）";

    /// <summary>The English labels of a bilingual report (中英文对照); older templates get the defaults.</summary>
    public EnglishLabels English { get; init; } = new();

    /// <summary>The text across the seal of the PDF signature (the platform's name runs along its arc).</summary>
    public string SealText { get; init; } = "专项信用报告专用章";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Parses and checks a template; the message names what is wrong so the operator can fix the file.</summary>
    public static ReportTemplate Parse(string json)
    {
        ReportTemplate? template;
        try
        {
            template = JsonSerializer.Deserialize<ReportTemplate>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The report template is not valid: {e.Message}", e);
        }

        if (template is null)
            throw new InvalidDataException("The report template is empty.");
        if (string.IsNullOrWhiteSpace(template.Version) || template.Version.Length > 32)
            throw new InvalidDataException("The report template needs a 'version' of 1–32 characters.");
        if (template.SummaryColumns.Count != 3)
            throw new InvalidDataException("The report template's 'summaryColumns' must name 3 columns (number, domain, conclusion).");
        if (!template.Footer.Contains("{page}", StringComparison.Ordinal) || !template.Footer.Contains("{pages}", StringComparison.Ordinal))
            throw new InvalidDataException("The report template's 'footer' must contain {page} and {pages}.");
        return template;
    }

    /// <summary>
    /// This template for a bilingual report: each label becomes "中文\nEnglish" (drawn as two lines), each heading and
    /// summary column "中文 English"; everything else — explanation, conclusions, the records' data — stays Chinese.
    /// </summary>
    public ReportTemplate WithEnglishLabels()
    {
        var e = English;
        static string Two(string zh, string en) => en.Length == 0 ? zh : $"{zh}\n{en}";
        static string Beside(string zh, string en) => en.Length == 0 ? zh : $"{zh} {en}";
        var c = CoverLabels;
        var ec = e.CoverLabels;
        var r = RecordLabels;
        var er = e.RecordLabels;
        return this with
        {
            CoverLabels = new CoverLabels(Two(c.ReportNumber, ec.ReportNumber), Two(c.SubjectName, ec.SubjectName), Two(c.CreditCode, ec.CreditCode),
                Two(c.PersonalId, ec.PersonalId), Two(c.SubjectType, ec.SubjectType), Two(c.Period, ec.Period), Two(c.Domains, ec.Domains),
                Two(c.Purpose, ec.Purpose), Two(c.IssuedAt, ec.IssuedAt), Two(c.DataAsOf, ec.DataAsOf), Two(c.ValidUntil, ec.ValidUntil),
                Two(c.Issuer, ec.Issuer), Two(c.VerificationCode, ec.VerificationCode))
            {
                RegistrationRegion = Two(c.RegistrationRegion, ec.RegistrationRegion),
                RegisterStatus = Two(c.RegisterStatus, ec.RegisterStatus),
            },
            Headings = new Headings(Beside(Headings.Explanation, e.Headings.Explanation), Beside(Headings.Summary, e.Headings.Summary),
                Beside(Headings.Details, e.Headings.Details), Beside(Headings.Verification, e.Headings.Verification)),
            SummaryColumns = [.. SummaryColumns.Select((zh, i) => i < e.SummaryColumns.Count ? Beside(zh, e.SummaryColumns[i]) : zh)],
            DataAsOfColumn = e.SummaryColumns.Count > 3 ? Beside(DataAsOfColumn, e.SummaryColumns[3]) : DataAsOfColumn,
            RecordLabels = new RecordLabels(Two(r.Type, er.Type), Two(r.DocumentNumber, er.DocumentNumber), Two(r.DecisionDate, er.DecisionDate),
                Two(r.Authority, er.Authority), Two(r.ViolationType, er.ViolationType), Two(r.ListName, er.ListName), Two(r.Category, er.Category),
                Two(r.Facts, er.Facts), Two(r.LegalBasis, er.LegalBasis), Two(r.Content, er.Content), Two(r.Fine, er.Fine),
                Two(r.Confiscated, er.Confiscated), Two(r.Licence, er.Licence), Two(r.ValidUntil, er.ValidUntil), Two(r.PublicityEnd, er.PublicityEnd),
                Two(r.EffectiveOn, er.EffectiveOn), Two(r.RemovedOn, er.RemovedOn), Two(r.Unit, er.Unit), Two(r.Repair, er.Repair), Two(r.Version, er.Version)),
            ObjectionLabel = Two(ObjectionLabel, e.Objection),
            CommitmentsHeading = Beside(CommitmentsHeading, e.CommitmentsHeading),
        };
    }

    public static string Fill(string text, params (string Name, string Value)[] values)
    {
        foreach (var (name, value) in values)
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return text;
    }
}

public sealed record CoverLabels(
    string ReportNumber, string SubjectName, string CreditCode, string PersonalId, string SubjectType, string Period,
    string Domains, string Purpose, string IssuedAt, string DataAsOf, string ValidUntil, string Issuer, string VerificationCode)
{
    /// <summary>The register's facts (主体库); templates before 2026.2 do not name them, so they have defaults.</summary>
    public string RegistrationRegion { get; init; } = "登记地";

    public string RegisterStatus { get; init; } = "登记状态";
}

public sealed record Headings(string Explanation, string Summary, string Details, string Verification);

/// <summary>
/// What a bilingual report adds in English: its title, a note that the Chinese text prevails, and a label beside each
/// Chinese label, heading and column. The explanation, conclusions and the records' data stay Chinese.
/// </summary>
public sealed record EnglishLabels
{
    public string Title { get; init; } = "Special Credit Report";

    public string Note { get; init; } = "中英文对照：英文标签仅供参考，以中文为准。 English labels are a reading aid; the Chinese text prevails.";

    public CoverLabels CoverLabels { get; init; } = new("Report number", "Subject", "Unified social credit code", "ID number", "Subject type", "Period covered",
        "Domains", "Purpose", "Issued at", "Data as of", "Valid until", "Issued by", "Verification code")
    { RegistrationRegion = "Registered in", RegisterStatus = "Register status" };

    public Headings Headings { get; init; } = new("Explanatory notes", "Summary of results", "Record details", "Verification");

    public RecordLabels RecordLabels { get; init; } = new("Record type", "Document number", "Decision date", "Authority", "Violation type", "List",
        "Category", "Facts", "Legal basis", "Decision", "Fine", "Confiscated", "Licence affected", "Valid until", "Publicity ends",
        "Effective on", "Removed on", "Data source unit", "Repair", "Version");

    public string Objection { get; init; } = "Objection";

    /// <summary>Beside the summary table's column headers, in their order; an empty one adds nothing.</summary>
    public IReadOnlyList<string> SummaryColumns { get; init; } = ["", "Domain", "Result", "Data as of"];

    public string CommitmentsHeading { get; init; } = "Credit commitments";

    /// <summary>Below the Chinese note on a shortened period (<see cref="ReportTemplate.PeriodShortened"/>).</summary>
    public string PeriodShortened { get; init; } = "The period starts at the platform's collection start, {collectionStart} (the period chosen began {asked}, before data was collected).";
}

public sealed record RecordLabels(
    string Type, string DocumentNumber, string DecisionDate, string Authority, string ViolationType, string ListName,
    string Category, string Facts, string LegalBasis, string Content, string Fine, string Confiscated, string Licence,
    string ValidUntil, string PublicityEnd, string EffectiveOn, string RemovedOn, string Unit, string Repair, string Version);

/// <summary>An operator-added template version, stored in the database.</summary>
public sealed class ReportTemplateVersion
{
    public required string Version { get; init; }

    public required string Json { get; init; }

    public DateTime CreatedAt { get; init; }

    public required string CreatedBy { get; init; }
}

internal sealed class ReportTemplateVersionConfiguration : IEntityTypeConfiguration<ReportTemplateVersion>
{
    public void Configure(EntityTypeBuilder<ReportTemplateVersion> b)
    {
        b.ToTable("report_templates");
        b.HasKey(t => t.Version);
        b.Property(t => t.Version).HasMaxLength(32);
        b.Property(t => t.CreatedBy).HasMaxLength(200);
        b.HasIndex(t => t.CreatedAt);
    }
}

/// <summary>
/// Finds the template to use: the newest operator-added version, else the embedded default. Parsed templates are cached
/// by version; which version is newest is re-read after a few seconds, so adding one needs no restart or build.
/// </summary>
public sealed class ReportTemplateStore(TimeProvider time)
{
    public const string EmbeddedVersion = "2026.1";
    private static readonly TimeSpan NewestTtl = TimeSpan.FromSeconds(5);
    private static readonly Lazy<ReportTemplate> Embedded = new(() => ReadEmbedded($"report-{EmbeddedVersion}.json"));
    private readonly ConcurrentDictionary<string, ReportTemplate> _parsed = new(StringComparer.Ordinal);
    private (string? Version, DateTimeOffset ReadAt)? _newest;

    public static ReportTemplate Default => Embedded.Value;

    public async Task<ReportTemplate> CurrentAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var newest = _newest;
        if (newest is null || now - newest.Value.ReadAt >= NewestTtl)
        {
            var version = await db.Set<ReportTemplateVersion>().AsNoTracking()
                .OrderByDescending(t => t.CreatedAt).Select(t => t.Version).FirstOrDefaultAsync(ct);
            newest = (version, now);
            _newest = newest;
        }

        return newest.Value.Version is null ? Default : await GetAsync(db, newest.Value.Version, ct);
    }

    public async Task<ReportTemplate> GetAsync(CreditProofDbContext db, string version, CancellationToken ct = default)
    {
        if (_parsed.TryGetValue(version, out var hit))
            return hit;
        if (string.Equals(version, EmbeddedVersion, StringComparison.Ordinal))
            return Default;
        var json = await db.Set<ReportTemplateVersion>().AsNoTracking().Where(t => t.Version == version).Select(t => t.Json).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Report template version '{version}' does not exist.");
        return _parsed.GetOrAdd(version, _ => ReportTemplate.Parse(json));
    }

    /// <summary>Adds a template version (validated first); new reports use it from the next few seconds on.</summary>
    public async Task<ReportTemplate> AddAsync(CreditProofDbContext db, string json, string createdBy, CancellationToken ct = default)
    {
        var template = ReportTemplate.Parse(json);
        if (string.Equals(template.Version, EmbeddedVersion, StringComparison.Ordinal)
            || await db.Set<ReportTemplateVersion>().AnyAsync(t => t.Version == template.Version, ct))
            throw new InvalidOperationException($"Report template version '{template.Version}' exists already; templates are immutable, give the new one a new version.");
        db.Add(new ReportTemplateVersion { Version = template.Version, Json = json, CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = createdBy });
        await db.SaveChangesAsync(ct);
        _newest = null;
        return template;
    }

    public async Task<IReadOnlyList<(string Version, DateTime? CreatedAt, string CreatedBy)>> ListAsync(CreditProofDbContext db, CancellationToken ct = default)
    {
        var stored = await db.Set<ReportTemplateVersion>().AsNoTracking().OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Version, t.CreatedAt, t.CreatedBy }).ToListAsync(ct);
        return [(EmbeddedVersion, null, "embedded"), .. stored.Select(t => (t.Version, (DateTime?)t.CreatedAt, t.CreatedBy))];
    }

    private static ReportTemplate ReadEmbedded(string fileName)
    {
        var resource = $"CreditProof.Reports.Templates.{fileName}";
        using var stream = typeof(ReportTemplateStore).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Report template '{resource}' is not embedded.");
        using var reader = new StreamReader(stream);
        return ReportTemplate.Parse(reader.ReadToEnd());
    }
}
