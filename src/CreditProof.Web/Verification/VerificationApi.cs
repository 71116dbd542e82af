using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Sharing;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Transparency;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Verification;

public sealed class VerificationOptions
{
    public const string Section = "CreditProof:Verification";

    /// <summary>Failed typed attempts (report number + code, share codes, the kiosk exit PIN) per client address and minute; correct ones do not count.</summary>
    public int TypedAttemptsPerMinute { get; set; } = 10;

    /// <summary>How often the web host re-reads changed report statuses and writes the access log.</summary>
    public int RefreshSeconds { get; set; } = 2;
}

/// <summary>
/// Verification for relying parties (anonymous): by QR payload, by report number + verification code, with a holder's
/// share code; the signed trust list and status list for offline verifiers; and the holder's and operator's actions
/// on a report (share grants, access log, revocation).
/// </summary>
public static class VerificationApi
{
    public const string OpenApiDocument = "verify";

    public static IServiceCollection AddVerification(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<VerificationOptions>(config.GetSection(VerificationOptions.Section));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new ReportSummaryJsonConverter()));
        services.AddSingleton<VerificationNotes>();
        services.AddHostedService<VerificationBackground>();
        services.AddSingleton<ITypedAttemptCounter>(sp => CreditProof.Storage.RateCounters.AreShared(sp.GetRequiredService<CreditProof.Storage.DatabaseSettings>())
            ? new SharedTypedAttemptCounter(sp.GetRequiredService<CreditProof.Storage.RateCounters>())
            : new InMemoryTypedAttemptCounter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TypedCodeThrottle>();
        services.AddScoped<ShareSession>();
        services.AddOpenApi(OpenApiDocument, o =>
        {
            o.ShouldInclude = d => d.GroupName == OpenApiDocument;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CreditProof verification API (报告核验接口)";
                document.Info.Description = """
                    Verify a special credit report (专项信用报告) without signing in.
                    By QR: `GET /api/v1/verify?qr=<the QR text, URL-encoded>` — e.g. `qr=https%3A%2F%2Fcredit.example.gov.cn%2Fv%2F7K3M...%23CP1%3A0oRDoQE6...`.
                    By paper: `POST /api/v1/verify/number` with `{"number": "7K3M-9QZX-...", "code": "AB3-4DE-F5G"}` (rate-limited per address).
                    With a holder's share code: `POST /api/v1/share` (summary and records), `POST /api/v1/share/pdf` and `POST /api/v1/share/twin`, each with `{"code": "ABCD-EFGH-JKLM"}` (the code never goes in the address).
                    Offline verifiers cache `/.well-known/creditproof/trust-list.json` (signed public keys) and
                    `/.well-known/creditproof/status-list` (signed CWT, 2 bits per report; docs/verification.md).
                    Every issued report is a leaf of the issuance transparency log (RFC 9162 style): the signed tree head
                    is at `/.well-known/creditproof/tree-head`, a report's inclusion proof at `GET /api/v1/transparency/proof/{number}`,
                    the consistency proof between two tree sizes at `GET /api/v1/transparency/consistency?first=&second=`.
                    """;
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder app)
    {
        var verify = app.MapGroup("/api/v1/verify").WithGroupName(OpenApiDocument).WithTags("Verification");
        verify.MapGet("/", VerifyQr).RequireAuthorization(Policies.Public)
            .WithSummary("Verify a report by its QR text").WithDescription("Authentic or not, issuing platform, issue time, subject, period, domains and conclusions, template version and status.");
        verify.MapPost("/number", VerifyNumber).RequireAuthorization(Policies.Public)
            .WithSummary("Verify a paper report by number and verification code").WithDescription("An unknown number and a wrong code get the same 404.");

        var share = app.MapGroup("/api/v1/share").WithGroupName(OpenApiDocument).WithTags("Share");
        share.MapPost("/", ViewShared).RequireAuthorization(Policies.Public)
            .WithSummary("Open a report with the holder's share code (授权码), sent in the body");
        share.MapPost("/pdf", DownloadShared).RequireAuthorization(Policies.Public)
            .WithSummary("Download the report's PDF with the holder's share code, sent in the body");
        share.MapPost("/twin", DownloadSharedTwin).RequireAuthorization(Policies.Public)
            .WithSummary("The report's signed machine-readable twin (compact JWS, ES256, x5c to the platform root; docs/report-twin.md) with the holder's share code, sent in the body");
        // The retired addresses with the code in the path answer 410 and name the call that replaces them.
        share.MapGet("/{code}", RetiredCodeInPath).RequireAuthorization(Policies.Public).ExcludeFromDescription();
        share.MapGet("/{code}/{part}", RetiredCodeInPath).RequireAuthorization(Policies.Public).ExcludeFromDescription();

        var wellKnown = app.MapGroup("/.well-known/creditproof").WithGroupName(OpenApiDocument).WithTags("Trust").RequireCors(Policies.PublicCors);
        wellKnown.MapGet("/trust-list.json", TrustListJson).RequireAuthorization(Policies.Public)
            .WithSummary("The platform's signed trust list: its public keys and the imported keys of other provinces' platforms");
        wellKnown.MapGet("/report-roots.pem", ReportRootsPem).RequireAuthorization(Policies.Public)
            .WithSummary("The platform's PDF signature root certificates (PEM), also in the signed trust list as reportRoots: add them to a PDF reader's trusted certificates");
        wellKnown.MapGet("/status-list", StatusListToken).RequireAuthorization(Policies.Public)
            .WithSummary("Signed status list (application/statuslist+cwt): 2 bits per report, 0 valid, 1 revoked, 2 suspended, 3 superseded");

        var holder = app.MapGroup("/api/v1/reports/{number}").WithGroupName(OpenApiDocument).WithTags("Holder");
        holder.MapPost("/grants", CreateGrant).RequireAuthorization(Policies.Subject).WithSummary("Share my report: create a grant (授权)");
        holder.MapGet("/grants", ListGrants).RequireAuthorization(Policies.Subject).WithSummary("My report's grants");
        holder.MapDelete("/grants/{grantId:guid}", RevokeGrant).RequireAuthorization(Policies.Subject).WithSummary("Revoke a grant");
        holder.MapGet("/twin", HolderTwin).RequireAuthorization(Policies.Subject).WithSummary("My report's signed machine-readable twin (compact JWS)");
        holder.MapGet("/access-log", AccessLogOf).RequireAuthorization(Policies.Subject).WithSummary("Who verified, viewed or downloaded my report");
        holder.MapPost("/revoke", RevokeReport).RequireAuthorization(Reports.OperatorApiKey.Policy).WithSummary("Operator: revoke a report, with the reason");
        return app;
    }

    public sealed record VerifyNumberBody(string? Number, string? Code);

    public sealed record CreateGrantBody(string Purpose, string? RelyingParty, int? Days, bool SingleUse);

    public sealed record GrantResponse(Guid Id, string? ShareCode, string ShareUrl, string Purpose, string? RelyingParty, DateTime CreatedAt, DateTime ExpiresAt, bool SingleUse, int UseCount, string State);

    public sealed record RevokeBody(string Reason);

    public sealed record SharedReport(VerificationResponse Verification, string? Purpose, DateTime GrantExpiresAt, ReportContent Content, string PdfUrl);

    public static async Task<Results<Ok<VerificationResponse>, BadRequest<VerificationResponse>>> VerifyQr(string qr, ReportVerifier verifier, AccessLog log, VerificationNotes notes, ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        var outcome = await verifier.VerifyQrAsync(qr, reads, ct);
        if (outcome.IssuedHere && outcome.Report is { } report)
            log.RecordAccess(http, report.Number, AccessKind.QrVerification);
        var response = await VerificationResponse.WithRegisterAsync(outcome, reads, notes, ct);
        return outcome.Authentic ? TypedResults.Ok(response) : TypedResults.BadRequest(response);
    }

    public static async Task<Results<Ok<VerificationResponse>, NotFound<VerificationResponse>, ProblemHttpResult>> VerifyNumber(VerifyNumberBody body, ReportVerifier verifier, AccessLog log, VerificationNotes notes,
        TypedCodeThrottle throttle, ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        if (!await throttle.TryAcquireAsync(http))
            return TooManyAttempts();
        var outcome = await verifier.VerifyNumberAsync(reads, body.Number, body.Code, ct);
        if (outcome.Report is not { } report)
            return TypedResults.NotFound(VerificationResponse.From(outcome));
        await throttle.SucceededAsync(http);
        log.RecordAccess(http, report.Number, AccessKind.NumberVerification);
        return TypedResults.Ok(await VerificationResponse.WithRegisterAsync(outcome, reads, notes, ct));
    }

    public static async Task<Results<Ok<SharedReport>, ProblemHttpResult>> ViewShared(ShareCodeBody body, ShareGrants grants, ReportVerifier verifier, AccessLog log, VerificationNotes notes,
        TypedCodeThrottle throttle, ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        if (!await throttle.TryAcquireAsync(http))
            return TooManyAttempts();
        try
        {
            var (grant, report, _) = await grants.RedeemAsync(body.Code ?? "", ct);
            await throttle.SucceededAsync(http);
            var outcome = await verifier.VerifyQrAsync(report.QrText, reads, ct);
            log.RecordAccess(http, report.Number, AccessKind.ShareView, grant.Id);
            var verification = await VerificationResponse.WithRegisterAsync(outcome with { Status = report.Status, StatusReason = report.StatusReason }, reads, notes, ct);
            return TypedResults.Ok(new SharedReport(verification, grant.Purpose, grant.ExpiresAt,
                ReportContent.FromCanonicalJson(report.Content), "/api/v1/share/pdf"));
        }
        catch (ShareRefusedException e)
        {
            return ShareDownloads.Refused(e);
        }
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadShared(ShareCodeBody body, ShareGrants grants, AccessLog log,
        TypedCodeThrottle throttle, PdfStore pdfs, HttpContext http, CancellationToken ct) =>
        !await throttle.TryAcquireAsync(http)
            ? TooManyAttempts()
            : await ShareDownloads.PdfAsync(body.Code, grants, log, pdfs, http, () => throttle.SucceededAsync(http), ct);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> DownloadSharedTwin(ShareCodeBody body, ShareGrants grants, AccessLog log,
        TypedCodeThrottle throttle, ReportCertificateCache certificates, CreditProofDbContext db, HttpContext http, CancellationToken ct) =>
        !await throttle.TryAcquireAsync(http)
            ? TooManyAttempts()
            : await ShareDownloads.TwinAsync(body.Code, grants, log, certificates, db, http, () => throttle.SucceededAsync(http), ct);

    public static ProblemHttpResult RetiredCodeInPath(HttpContext http) =>
        ShareDownloads.CodeInPathRetired(http.Request.Path.Value?.EndsWith("/pdf", StringComparison.Ordinal) == true ? "/api/v1/share/pdf"
            : http.Request.Path.Value?.EndsWith("/twin", StringComparison.Ordinal) == true ? "/api/v1/share/twin" : "/api/v1/share");

    public static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> HolderTwin(string number, ReportCertificateCache certificates, CreditProofDbContext db, HttpContext http, CancellationToken ct)
    {
        var holder = http.User.HolderId();
        var parsed = ReportNumbers.ParseNumber(number);
        var content = await db.IssuedReports.AsNoTracking().Where(r => r.Number == parsed && r.SubjectId == holder).Select(r => r.Content).SingleOrDefaultAsync(ct);
        if (content is null)
            return TypedResults.NotFound();
        try
        {
            return TypedResults.Content(ReportTwin.Sign(content, await certificates.GetActiveAsync(db, ct)), ReportTwin.MediaType);
        }
        catch (ReportCertificateMissingException e)
        {
            return ShareDownloads.NoCertificate(e);
        }
    }


    public static async Task<ContentHttpResult> ReportRootsPem(ReportCertificateStore certificates, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Content(await certificates.RootsPemAsync(ct), "application/x-pem-file");
    }

    public static async Task<ContentHttpResult> TrustListJson(TrustStore trust, SigningKeyRing ring, ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Content(await trust.PublishAsync(reads.Context, ring, ct), "application/json; charset=utf-8");
    }

    public static async Task<FileContentHttpResult> StatusListToken(ReportStatusCache statuses, SigningKeyRing ring, ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.File(await statuses.TokenAsync(reads.Context, ring, ct), CreditProof.Verification.StatusListToken.MediaType);
    }

    public static async Task<Results<Created<GrantResponse>, ProblemHttpResult>> CreateGrant(string number, CreateGrantBody body, ShareGrants grants,
        IOptions<ReportOptions> options, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (grant, code) = await grants.CreateAsync(http.User.HolderId(), number, body.Purpose, body.RelyingParty, body.Days, body.SingleUse, "subject:" + http.User.Identity?.Name, ct);
            var response = Grant(grant, code, grants);
            return TypedResults.Created(response.ShareUrl, response);
        }
        catch (ShareRefusedException e)
        {
            return TypedResults.Problem(e.MessageEn, statusCode: StatusCodes.Status400BadRequest, title: e.MessageZh);
        }
    }

    public static async Task<Ok<List<GrantResponse>>> ListGrants(string number, ShareGrants grants, IOptions<ReportOptions> options, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await grants.ForReportAsync(http.User.HolderId(), number, ct)).Select(g => Grant(g, null, grants)).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeGrant(Guid grantId, ShareGrants grants, HttpContext http, CancellationToken ct)
    {
        try
        {
            await grants.RevokeAsync(http.User.HolderId(), grantId, ct);
            return TypedResults.NoContent();
        }
        catch (ShareRefusedException e)
        {
            return TypedResults.Problem(e.MessageEn, statusCode: StatusCodes.Status404NotFound, title: e.MessageZh);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<ReportAccess>>, NotFound>> AccessLogOf(string number, CreditProofDbContext db, HttpContext http, CancellationToken ct)
    {
        var parsed = ReportNumbers.ParseNumber(number);
        var subjectId = http.User.HolderId();
        if (parsed is null || !await db.IssuedReports.AnyAsync(r => r.Number == parsed && r.SubjectId == subjectId, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(await AccessLog.ForReportAsync(db, parsed, ct: ct));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem>> RevokeReport(string number, RevokeBody body, CreditProofDbContext db, ReportStatusCache statuses,
        TimeProvider time, HttpContext http, ILogger<ReportStatusCache> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["撤销报告须说明理由", "a revocation needs a reason"] });
        if (ReportNumbers.ParseNumber(number) is null)
            return TypedResults.NotFound();
        if (!await ReportRevocation.RevokeAsync(db, number, body.Reason, "operator:" + http.User.Identity?.Name, time.GetUtcNow().UtcDateTime, ct))
            return TypedResults.NotFound();
        logger.LogInformation("Report {Number} revoked by {Operator}: {Reason}", number, http.User.Identity?.Name, body.Reason);
        await statuses.RefreshAsync(db, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TooManyAttempts() =>
        TypedResults.Problem("too many attempts from this address; wait a minute", statusCode: StatusCodes.Status429TooManyRequests, title: "尝试次数过多，请一分钟后再试");

    private static GrantResponse Grant(ShareGrant g, string? code, ShareGrants grants) => new(
        g.Id, code, code is null ? "" : grants.LinkFor(code), g.Purpose, g.RelyingParty, g.CreatedAt, g.ExpiresAt, g.SingleUse, g.UseCount,
        g.StateAt(DateTime.UtcNow, grants.SingleUseSession).ToString().ToLowerInvariant());

    /// <summary>The request's reads that may go to the standby (<see cref="ReadOnlyDatabase"/>).</summary>
    internal static ReadOnlyDatabase Reads(this HttpContext http) => http.RequestServices.GetRequiredService<ReadOnlyDatabase>();

    /// <summary>The signed-in subject (the Subject policy guarantees the claim; an empty id matches no report).</summary>
    private static Guid HolderId(this System.Security.Claims.ClaimsPrincipal user) => SignIn.CreditProofClaims.SubjectIdOf(user) ?? Guid.Empty;

    /// <summary>Logs a use of a report with who (if signed in), from where and with which client, as the holder will see it.</summary>
    internal static void RecordAccess(this AccessLog log, HttpContext http, string formattedOrPlainNumber, AccessKind kind, Guid? grantId = null) =>
        log.Record(ReportNumbers.ParseNumber(formattedOrPlainNumber) ?? formattedOrPlainNumber, kind, http.Connection.RemoteIpAddress?.ToString(),
            http.Request.Headers.UserAgent, http.User.Identity?.Name, grantId, viaApi: http.Request.Path.StartsWithSegments("/api"));
}

/// <summary>
/// What the verification API answers; <c>status</c> is valid, superseded, suspended, revoked, expired, or unknown (another
/// platform's report whose status list is not held here). <c>statusAsOf</c>: for another platform's report, when the
/// status list its status comes from was issued. <c>transparency</c>: for a report issued here, whether the issuance
/// transparency log proves it (included, with leaf index and tree size), not yet (pending, seconds after issue) or not
/// (notConfirmed, with the problem).
/// </summary>
public sealed record VerificationResponse(bool Authentic, bool Valid, string Verdict, string Message, string? Status, string? StatusReason, DateTimeOffset? StatusAsOf,
    bool IssuedHere, ReportSummary? Report, RegisterNote? Register = null, TransparencyStatus? Transparency = null)
{
    public static VerificationResponse From(VerificationOutcome o, RegisterNote? register = null, TransparencyStatus? transparency = null) =>
        new(o.Authentic, o.IsValid, Camel(o.Verdict.ToString()), o.Message, StatusName(o), o.StatusReason, o.StatusAsOf, o.IssuedHere, o.Report, register, transparency);

    /// <summary>
    /// The answer with what the register says now (renamed since issue, 注销/吊销) and what the transparency log proves,
    /// as the verification page shows them.
    /// </summary>
    public static async Task<VerificationResponse> WithRegisterAsync(VerificationOutcome o, ReadOnlyDatabase reads, VerificationNotes notes, CancellationToken ct)
    {
        var (register, transparency) = await notes.ForAsync(o, reads, ct);
        return From(o, register, transparency is null ? null : TransparencyStatus.From(transparency));
    }

    public static string? StatusName(VerificationOutcome o) => o.Authentic ? ReportStatusNames.Name(o.Status, o.Expired) : null;

    private static string Camel(string s) => string.Concat(s[..1].ToLowerInvariant(), s.AsSpan(1));
}

/// <summary>The transparency log's answer in the verification API: state included, pending or notConfirmed. <c>leafIndex</c> counts from 0.</summary>
public sealed record TransparencyStatus(string State, long? LeafIndex, long? TreeSize, string? Problem)
{
    public static TransparencyStatus From(TransparencyNote note) => new(note.State switch
    {
        InclusionState.Included => "included",
        InclusionState.Pending => "pending",
        InclusionState.NotConfirmed => "notConfirmed",
    }, note.LeafIndex, note.TreeSize, note.Problem);
}
