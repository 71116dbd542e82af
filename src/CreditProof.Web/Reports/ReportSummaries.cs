using System.Linq.Expressions;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Reports;

/// <summary>
/// An issued report as its pages show it: never the PDF or content bytes, and the subject's code as printed (masked).
/// <see cref="VerificationCode"/> is the printed code, formatted (null for a report issued before codes were derived).
/// </summary>
public sealed record ReportSummary(
    string Number,
    string SubjectName,
    string SubjectDisplayCode,
    DateTimeOffset IssuedAt,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<string> Domains,
    int RecordCount,
    string? Purpose,
    string TemplateVersion,
    string PdfSha256,
    string RequestedBy,
    ReportStatus Status,
    string? StatusReason,
    DateTimeOffset ExpiresAt,
    string? VerificationCode)
{
    /// <summary>The status as verifiers see it: the stored status, or expired once the validity has passed.</summary>
    public string StatusName(DateTimeOffset now) => ReportStatusNames.Name(Status, now >= ExpiresAt);

    public string FormattedNumber => ReportNumbers.FormatNumber(Number);

    /// <summary>True when service-window staff issued it on the subject's behalf (<see cref="ReportSummaries.WindowRequester"/>).</summary>
    public bool IssuedAtWindow => RequestedBy.StartsWith(ReportSummaries.WindowPrefix, StringComparison.Ordinal);
}

/// <summary>Finds issued reports for the portal, always through a filter that says whose they are.</summary>
public sealed class ReportSummaries(CreditProofDbContext db, DomainDirectory domains, PlatformClock clock, CodeHasher codes, PdfStore pdfs)
{
    public const string WindowPrefix = ReportChannels.WindowPrefix;

    /// <summary>Who asked, as recorded on the report: <c>window:&lt;staff&gt;:on-behalf-of:&lt;subject code as printed&gt;</c>.</summary>
    public static string WindowRequester(string staffUserName, string subjectDisplayCode) =>
        $"{WindowPrefix}{staffUserName}:on-behalf-of:{subjectDisplayCode}";

    /// <summary>Reports of one subject: its own and those issued for it at a window.</summary>
    public static Expression<Func<IssuedReport, bool>> OfSubject(Guid subjectId) => r => r.SubjectId == subjectId;

    /// <summary>Reports one member of window staff issued on behalf of subjects.</summary>
    public static Expression<Func<IssuedReport, bool>> IssuedByWindowStaff(string staffUserName)
    {
        var prefix = $"{WindowPrefix}{staffUserName}:";
        return r => r.RequestedBy.StartsWith(prefix);
    }

    public async Task<IReadOnlyList<ReportSummary>> ListAsync(Expression<Func<IssuedReport, bool>> whose, int take, CancellationToken ct)
    {
        var rows = await Project(db.IssuedReports.AsNoTracking().Where(whose).OrderByDescending(r => r.IssuedAt).Take(take)).ToListAsync(ct);
        return await SummariesAsync(rows, ct);
    }

    /// <summary>The report with this number if <paramref name="whose"/> allows it; null otherwise (the caller answers 404).</summary>
    public async Task<ReportSummary?> FindAsync(string number, Expression<Func<IssuedReport, bool>> whose, CancellationToken ct)
    {
        if (ReportNumbers.ParseNumber(number) is not { } parsed)
            return null;
        var rows = await Project(db.IssuedReports.AsNoTracking().Where(whose).Where(r => r.Number == parsed)).ToListAsync(ct);
        return (await SummariesAsync(rows, ct)).SingleOrDefault();
    }

    /// <summary>The stored PDF bytes, unchanged since issue (checked against the row's hash), if <paramref name="whose"/> allows it.</summary>
    public async Task<byte[]?> PdfAsync(string number, Expression<Func<IssuedReport, bool>> whose, CancellationToken ct)
    {
        if (ReportNumbers.ParseNumber(number) is not { } parsed)
            return null;
        var file = await db.IssuedReports.AsNoTracking().Where(whose).Where(r => r.Number == parsed).Select(r => new { r.PdfSha256, r.PdfLength }).SingleOrDefaultAsync(ct);
        return file is null ? null : await pdfs.ReadAsync(file.PdfSha256, file.PdfLength, ReportNumbers.FormatNumber(parsed), ct);
    }

    private static IQueryable<Row> Project(IQueryable<IssuedReport> reports) => reports.Select(r => new Row(
        r.Number, r.SubjectName, r.SubjectDisplayCode, r.IssuedAt, r.PeriodFrom, r.PeriodTo, r.DomainIds, r.RecordCount, r.Purpose,
        r.TemplateVersion, r.PdfSha256, r.RequestedBy, r.Status, r.StatusReason, r.ExpiresAt, r.VerificationCodeHash));

    private async Task<IReadOnlyList<ReportSummary>> SummariesAsync(List<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
            return [];
        var byId = (await domains.AllAsync(db, ct)).ToDictionary(d => d.Id);
        return rows.Select(r => new ReportSummary(
            r.Number, r.SubjectName, r.SubjectDisplayCode,
            clock.Local(r.IssuedAt),
            r.From, r.To,
            r.DomainIds.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(id => byId.TryGetValue(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture), out var d) ? d.DisplayName(ReportFormService.Chinese) : id)
                .ToList(),
            r.RecordCount, r.Purpose, r.TemplateVersion, r.PdfSha256, r.RequestedBy, r.Status, r.StatusReason,
            clock.Local(r.ExpiresAt), PrintedCode(r.Number, r.VerificationCodeHash))).ToList();
    }

    /// <summary>The code derived from the number, if it is the one this report was issued with (reports from before derivation had random codes).</summary>
    private string? PrintedCode(string number, string storedHash)
    {
        var code = codes.VerificationCodeFor(number);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(codes.HashHex(code)), System.Text.Encoding.ASCII.GetBytes(storedHash))
            ? ReportNumbers.FormatCode(code) : null;
    }

    private sealed record Row(
        string Number, string SubjectName, string SubjectDisplayCode, DateTime IssuedAt, DateOnly From, DateOnly To, string DomainIds,
        int RecordCount, string? Purpose, string TemplateVersion, string PdfSha256, string RequestedBy, ReportStatus Status, string? StatusReason, DateTime ExpiresAt, string VerificationCodeHash);
}
