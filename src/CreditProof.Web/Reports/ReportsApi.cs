using CreditProof.Reports;
using CreditProof.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditProof.Web.Reports;

/// <summary>POST /api/v1/reports issues a report; GET /api/v1/reports/{number}.pdf returns its stored bytes.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports");
        api.MapPost("/", IssueReport).RequireAuthorization(OperatorApiKey.Policy);
        api.MapGet("/{number}.pdf", GetReportPdf).RequireAuthorization(OperatorApiKey.Policy);
        return app;
    }

    /// <summary><c>bilingual</c>: Chinese with English labels, for foreign relying parties (the legal text stays Chinese).</summary>
    public sealed record IssueReportBody(string Subject, IReadOnlyList<string>? Domains, DateOnly? From, DateOnly? To, string? Purpose, bool Bilingual = false);

    public sealed record IssuedReportResponse(string ReportNumber, string VerificationCode, string QrText, string Sha256, string PdfUrl, int Records, DateOnly From, DateOnly To);

    public static async Task<Results<Created<IssuedReportResponse>, ValidationProblem, ProblemHttpResult>> IssueReport(
        IssueReportBody body, ReportIssuer issuer, HttpContext http, CancellationToken ct)
    {
        try
        {
            var result = await issuer.IssueAsync(new ReportRequest
            {
                SubjectCode = body.Subject ?? "",
                Domains = body.Domains?.SelectMany(d => ReportRequest.SplitDomains(d)).ToList(),
                From = body.From,
                To = body.To,
                Purpose = body.Purpose,
                Bilingual = body.Bilingual,
                RequestedBy = ReportChannels.ApiPrefix + (http.User.Identity?.Name ?? "unknown"),
            }, ct);
            var url = $"/api/v1/reports/{result.Content.Number}.pdf";
            return TypedResults.Created(url, new IssuedReportResponse(result.ReportNumber, result.VerificationCode, result.QrText, result.PdfSha256, url,
                result.Content.RecordCount, result.Content.From, result.Content.To));
        }
        catch (ReportRequestException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.MessageZh, e.MessageEn] });
        }
        catch (Exception e) when (e is SigningKeyMissingException or ReportCertificateMissingException)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> GetReportPdf(string number, ReportIssuer issuer, CancellationToken ct)
    {
        var pdf = await issuer.GetPdfAsync(number, ct);
        return pdf is null ? TypedResults.NotFound() : TypedResults.File(pdf, "application/pdf", $"{ReportNumbers.ParseNumber(number)}.pdf");
    }
}
