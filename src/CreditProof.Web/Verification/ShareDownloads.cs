using CreditProof.Sharing;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditProof.Web.Verification;

/// <summary>The holder's share code (授权码) in a request body: it never travels in an address, where logs and proxies keep it.</summary>
public sealed record ShareCodeBody(string? Code);

/// <summary>
/// A shared report's PDF or signed twin for whoever holds the share code: the grant redeemed (a single-use code is spent
/// here), the download in the holder's access log. One definition for the public share API and the relying parties'
/// API, which differ only in who is throttled (the <c>redeemed</c> callback runs once the code proved right).
/// </summary>
public static class ShareDownloads
{
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(string? code, ShareGrants grants, AccessLog log, PdfStore pdfs, HttpContext http,
        Func<ValueTask>? redeemed, CancellationToken ct)
    {
        try
        {
            var (grant, report, _) = await grants.RedeemAsync(code ?? "", ct);
            if (redeemed is not null)
                await redeemed();
            var pdf = await pdfs.ReadAsync(report, ct);
            log.RecordAccess(http, report.Number, AccessKind.ShareDownload, grant.Id);
            return TypedResults.File(pdf, "application/pdf", $"{report.Number}.pdf");
        }
        catch (ShareRefusedException e)
        {
            return Refused(e);
        }
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> TwinAsync(string? code, ShareGrants grants, AccessLog log, ReportCertificateCache certificates,
        CreditProofDbContext db, HttpContext http, Func<ValueTask>? redeemed, CancellationToken ct)
    {
        try
        {
            // The certificate first: a platform without one refuses before a single-use grant is spent.
            var chain = await certificates.GetActiveAsync(db, ct);
            var (grant, report, _) = await grants.RedeemAsync(code ?? "", ct);
            if (redeemed is not null)
                await redeemed();
            log.RecordAccess(http, report.Number, AccessKind.ShareDownload, grant.Id);
            return TypedResults.Content(ReportTwin.Sign(report.Content, chain), ReportTwin.MediaType);
        }
        catch (ShareRefusedException e)
        {
            return Refused(e);
        }
        catch (ReportCertificateMissingException e)
        {
            return NoCertificate(e);
        }
    }

    /// <summary>The answer of the retired addresses that carried the code in their path: 410, naming the call that replaces them.</summary>
    public static ProblemHttpResult CodeInPathRetired(string replacement) => TypedResults.Problem(
        $"share codes are no longer accepted in the address (logs and proxies keep addresses): send POST {replacement} with the JSON body {{\"code\": \"…\"}}",
        statusCode: StatusCodes.Status410Gone,
        title: $"授权码不再放在网址中（网址会留在日志和代理中）：请改用 POST {replacement}，请求体为 {{\"code\": \"…\"}}");

    public static ProblemHttpResult Refused(ShareRefusedException e) => TypedResults.Problem(e.MessageEn, statusCode: StatusCodes.Status403Forbidden, title: e.MessageZh);

    public static ProblemHttpResult NoCertificate(ReportCertificateMissingException e) =>
        TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "平台尚未配置报告签章证书 The platform has no report-signing certificate yet");
}
