using System.Net.Mime;
using CreditProof.Audit;
using CreditProof.Identifiers;
using CreditProof.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CreditProof.Web.Hosting;

/// <summary>
/// What the host does with an exception: a malformed request (a form key like <c>a[</c>, a broken multipart body, a
/// body over the limit) is the client's error — a short bilingual 400 problem and one log line; anything else is logged
/// once, without the request body and with personal ID numbers masked, and the error page answers. A request body is
/// never logged: an anonymous client cannot fill the log, and a unit's rows never reach it. A report PDF missing from the
/// store or not matching its hash (<see cref="PdfFileException"/>, whichever download asked for it) is a bilingual 503
/// and an audit entry; the store has logged it as critical. No other bytes are ever served in its place.
/// </summary>
public sealed class RequestErrors(ILogger<RequestErrors> logger) : IExceptionHandler
{
    /// <summary>What a 503 for an unreachable database asks the client to wait: about the time a failover takes.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var request = httpContext.Request;
        // The path asked for: by now the middleware has set the request's path to the error page's.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? request.Path.Value ?? "";
        if (IsMalformedRequest(exception) is { } status)
        {
            logger.LogWarning("Malformed request refused with {Status}: {Method} {Path} ({Error})",
                status, request.Method, ResidentId.MaskAll(path), exception.GetType().Name);
            httpContext.Response.Clear();
            httpContext.Response.StatusCode = status;
            await httpContext.Response.WriteAsJsonAsync(new ProblemDetails
            {
                Status = status,
                Title = "请求格式错误 Malformed request",
                Detail = "请求的内容无法解析，请检查表单或请求体后重试。The request's content could not be read; check the form or body and try again.",
            }, options: null, contentType: MediaTypeNames.Application.ProblemJson, cancellationToken);
            return true;
        }

        if (exception is PdfFileException pdf)
        {
            await AuditPdfProblemAsync(httpContext, pdf);
            httpContext.Response.Clear();
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await httpContext.Response.WriteAsJsonAsync(new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "报告文件暂不可用 The report's PDF is unavailable",
                Detail = pdf.MessageZh + " " + pdf.MessageEn,
            }, options: null, contentType: MediaTypeNames.Application.ProblemJson, cancellationToken);
            return true;
        }

        if (CreditProof.Storage.CreditProofDatabase.IsUnavailable(exception))
        {
            // A failover or restart of the database: the client retries in a few seconds (docs/scaling.md). An API caller
            // gets a problem document here; a page request goes on to the error page, which says the same with 503.
            logger.LogWarning("Database unavailable on {Method} {Path}: {Message}", request.Method, ResidentId.MaskAll(path), ResidentId.MaskAll(exception.Message));
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/.well-known/", StringComparison.Ordinal))
                return false;
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await httpContext.Response.WriteAsJsonAsync(new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "数据库暂时不可用，请几秒后重试 Database temporarily unavailable",
                Detail = "平台数据库正在切换或重启，请稍后重试。The platform's database is switching over or restarting; try again in a few seconds.",
            }, options: null, contentType: MediaTypeNames.Application.ProblemJson, cancellationToken);
            return true;
        }

        // The message, masked, not the exception object: inner exceptions' messages may quote what a client sent.
        logger.LogError("Unhandled {Type} on {Method} {Path}: {Message}{NewLine}{StackTrace}", exception.GetType().FullName, request.Method,
            ResidentId.MaskAll(path), ResidentId.MaskAll(exception.Message), Environment.NewLine, exception.StackTrace);
        return false;
    }

    private async Task AuditPdfProblemAsync(HttpContext http, PdfFileException pdf)
    {
        try
        {
            await using var services = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            await services.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(services.ServiceProvider.GetRequiredService<CreditProofDbContext>(),
                new AuditEvent(AuditRequests.ActorOf(http), "report-pdf " + pdf.Problem.ToString().ToLowerInvariant(), AuditOutcome.Failed, "issued_report", pdf.ReportNumber, null,
                    $"SHA-256 {pdf.Sha256}: {pdf.Detail}"), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Could not append the audit entry for the PDF problem of report {Number}", pdf.ReportNumber);
        }
    }

    private static int? IsMalformedRequest(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        ValueProviderException or InvalidDataException => StatusCodes.Status400BadRequest,
        // MVC's jQuery form and query-string normalisers throw this on a key like "a[" (they are removed; kept as a guard).
        ArgumentException { ParamName: "key", Source: "Microsoft.AspNetCore.Mvc.Core" } => StatusCodes.Status400BadRequest,
        _ => null,
    };
}
