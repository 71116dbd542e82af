using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CreditProof.RelyingParties;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Verification;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.RelyingParties;

/// <summary>
/// The API for relying parties (报告使用方接口), under <c>/api/v1/rp</c>: each organisation authenticates with its own
/// API key, whose scopes decide what it may call, and is rate-limited as one organisation (IETF RateLimit header fields).
/// It verifies reports (QR text, number + code, share code), fetches shared and granted reports (PDF and signed twin),
/// creates requirement links, reads change notices and what changed, and asks units for explanations.
/// </summary>
public static class RelyingPartyApi
{
    public const string Scheme = "RelyingPartyApiKey";
    public const string OpenApiDocument = "relying-parties";
    public const string PartyIdClaim = "rp_id";
    public const string LimitClaim = "rp_limit";
    public const string ScopeClaim = "rp_scope";
    public const string KeyPrefixClaim = "rp_key";

    public static string PolicyFor(string scope) => "RelyingParty:" + scope;

    public static IServiceCollection AddRelyingPartyApi(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PartyApiKeyHandler>(Scheme, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var scope in RelyingPartyScopes.All)
            authorization.AddPolicy(PolicyFor(scope), p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(SignIn.CreditProofClaims.Roles.RelyingParty).RequireClaim(ScopeClaim, scope));
        services.AddOpenApi(OpenApiDocument, o =>
        {
            o.ShouldInclude = d => d.GroupName == OpenApiDocument;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CreditProof API for relying parties (报告使用方接口)";
                document.Info.Description = """
                    For registered relying parties (banks, bidding platforms, procurement bodies, authorities, other provinces).
                    Authenticate with `Authorization: ApiKey <key>` (or `X-Api-Key`); keys are issued by the platform operator with scopes
                    `verify`, `reports`, `requests`, `explanations`. Every answer carries the organisation's budget as
                    `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds; draft-ietf-httpapi-ratelimit-headers);
                    past it the answer is 429 with `Retry-After`. Change notices are posted to the organisation's webhook, signed
                    `CreditProof-Signature: sha256=HMAC-SHA256(secret, CreditProof-Timestamp + "." + body)` (docs/relying-parties.md).
                    """;
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapRelyingPartyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/rp").WithGroupName(OpenApiDocument).AddEndpointFilter(RateLimitAsync);

        var verify = api.MapGroup("/").WithTags("Verification").RequireAuthorization(PolicyFor(RelyingPartyScopes.Verify));
        verify.MapPost("/verify/qr", VerifyQrAsync).WithName("RpVerifyQr").WithSummary("扫码核验 Verify a report by its QR text");
        verify.MapPost("/verify/number", VerifyNumberAsync).WithName("RpVerifyNumber").WithSummary("编号核验 Verify a paper report by number and verification code");
        verify.MapPost("/verify/share", VerifyShareAsync).WithName("RpVerifyShare").WithSummary("授权码核验 Verify and open a report with the holder's share code");
        verify.MapGet("/verifications", HistoryAsync).WithName("RpVerifications").WithSummary("核验记录 The organisation's verification history, newest first");

        var reports = api.MapGroup("/").WithTags("Reports").RequireAuthorization(PolicyFor(RelyingPartyScopes.Reports));
        reports.MapPost("/share/pdf", SharedPdfAsync).WithName("RpSharedPdf").WithSummary("A shared report's PDF, with the holder's share code in the body");
        reports.MapPost("/share/twin", SharedTwinAsync).WithName("RpSharedTwin").WithSummary("A shared report's signed machine-readable twin (compact JWS, ES256), with the holder's share code in the body");
        // The retired addresses with the code in the path answer 410 and name the call that replaces them.
        reports.MapGet("/share/{code}/pdf", () => ShareDownloads.CodeInPathRetired("/api/v1/rp/share/pdf")).ExcludeFromDescription();
        reports.MapGet("/share/{code}/twin", () => ShareDownloads.CodeInPathRetired("/api/v1/rp/share/twin")).ExcludeFromDescription();
        reports.MapGet("/grants", GrantsAsync).WithName("RpGrants").WithSummary("Reports subjects granted to the organisation, with their status now");
        reports.MapGet("/reports/{number}/pdf", GrantedPdfAsync).WithName("RpGrantedPdf").WithSummary("A granted report's PDF");
        reports.MapGet("/reports/{number}/twin", GrantedTwinAsync).WithName("RpGrantedTwin").WithSummary("A granted report's signed machine-readable twin");
        reports.MapGet("/reports/{number}/changes", ChangesAsync).WithName("RpChanges").WithSummary("What changed in a granted report's records since issue (with the subject's consent)");
        reports.MapGet("/notices", NoticesAsync).WithName("RpNotices").WithSummary("Change notices: granted reports that stopped (or became again) valid");

        var requests = api.MapGroup("/requests").WithTags("Requirement links").RequireAuthorization(PolicyFor(RelyingPartyScopes.Requests));
        requests.MapPost("/", CreateRequestAsync).WithName("RpCreateRequest").WithSummary("需求链接 Create a requirement link (and its QR code) for a subject to fulfil");
        requests.MapGet("/", RequestsAsync).WithName("RpRequests").WithSummary("The organisation's requirement links and whether they were fulfilled");
        requests.MapGet("/{id:guid}", RequestAsync).WithName("RpRequest").WithSummary("One requirement link");
        requests.MapGet("/{id:guid}/qr.svg", RequestQrAsync).WithName("RpRequestQr").WithSummary("The requirement link's QR code (SVG)");
        requests.MapDelete("/{id:guid}", CancelRequestAsync).WithName("RpCancelRequest").WithSummary("Cancel an open requirement link");

        var explanations = api.MapGroup("/explanations").WithTags("Explanations").RequireAuthorization(PolicyFor(RelyingPartyScopes.Explanations));
        explanations.MapPost("/", AskAsync).WithName("RpAsk").WithSummary("说明请求 Ask the record's unit about a record on a report granted to the organisation");
        explanations.MapGet("/", ExplanationsAsync).WithName("RpExplanations").WithSummary("The organisation's requests for explanation and the answers");
        return app;
    }

    public sealed record QrBody(string? Qr);

    public sealed record NumberBody(string? Number, string? Code);

    public sealed record SharedVerification(VerificationResponse Verification, string Purpose, DateTime GrantExpiresAt, ReportContent Content, string PdfUrl, string TwinUrl);

    public sealed record HistoryEntry(DateTime At, string Method, string? ReportNumber, string Verdict, string? Status, string Actor);

    public sealed record RequestBody(IReadOnlyList<string>? Domains, DateOnly? From, DateOnly? To, string? Purpose, int? ValidDays, bool ChangeNotices, string? SubjectCode, int? LinkDays);

    public sealed record RequestView(Guid Id, string Url, string QrUrl, IReadOnlyList<string> Domains, DateOnly? From, DateOnly? To, string Purpose, int ValidDays, bool ChangeNotices,
        string? SubjectCode, string Status, DateTime CreatedAt, DateTime ExpiresAt, DateTime? FulfilledAt, string? ReportNumber);

    public sealed record ChangesView(string ReportNumber, string Status, string? StatusReason, IReadOnlyList<ChangeView> Changes);

    public sealed record ChangeView(Guid RecordId, string DocumentNumber, string Type, DateOnly DecisionDate, string Change, int? VersionShown, int VersionNow);

    public sealed record NoticeView(long Id, string ReportNumber, string From, string To, string? Reason, DateTime At);

    public sealed record AskBody(string? ReportNumber, Guid RecordId, string? Question);

    public sealed record ExplanationView(Guid Id, string ReportNumber, Guid RecordId, string DocumentNumber, string Question, DateTime AskedAt, DateOnly DueOn, string Status,
        string? Answer, DateTime? AnsweredAt, bool Escalated);

    /// <summary>Counts the request against the organisation's budget and says so in the RateLimit header fields; refuses with 429 past it.</summary>
    private static async ValueTask<object?> RateLimitAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (PartyOf(http.User) is not { } party || !int.TryParse(http.User.FindFirstValue(LimitClaim), CultureInfo.InvariantCulture, out var limit))
            return await next(context);
        var decision = await http.RequestServices.GetRequiredService<IPartyRateLimiter>().AcquireAsync(party, limit, http.RequestAborted);
        http.Response.Headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
            return await next(context);
        http.Response.Headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"the organisation's budget of {decision.Limit} requests a minute is spent; try again in {decision.ResetSeconds} s",
            statusCode: StatusCodes.Status429TooManyRequests, title: $"贵单位每分钟{decision.Limit}次的请求额度已用完，请{decision.ResetSeconds}秒后再试");
    }

    public static async Task<Results<Ok<VerificationResponse>, BadRequest<VerificationResponse>, ProblemHttpResult>> VerifyQrAsync(QrBody body, ReportVerifier verifier, AccessLog log, VerificationNotes notes,
        PartyVerifications history, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Qr))
            return Refused("请提供二维码内容", "give the QR text", StatusCodes.Status400BadRequest);
        var outcome = await verifier.VerifyQrAsync(body.Qr, http.Reads(), ct);
        if (outcome.IssuedHere && outcome.Report is { } report)
            log.RecordAccess(http, report.Number, AccessKind.QrVerification);
        var response = await VerificationResponse.WithRegisterAsync(outcome, http.Reads(), notes, ct);
        await RecordAsync(history, http, PartyVerificationMethod.Qr, response, ct);
        return outcome.Authentic ? TypedResults.Ok(response) : TypedResults.BadRequest(response);
    }

    public static async Task<Results<Ok<VerificationResponse>, NotFound<VerificationResponse>>> VerifyNumberAsync(NumberBody body, ReportVerifier verifier, AccessLog log, VerificationNotes notes,
        PartyVerifications history, ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        var outcome = await verifier.VerifyNumberAsync(reads, body.Number, body.Code, ct);
        if (outcome.Report is not { } report)
        {
            var missing = VerificationResponse.From(outcome);
            await RecordAsync(history, http, PartyVerificationMethod.NumberAndCode, missing, ct);
            return TypedResults.NotFound(missing);
        }

        log.RecordAccess(http, report.Number, AccessKind.NumberVerification);
        var response = await VerificationResponse.WithRegisterAsync(outcome, reads, notes, ct);
        await RecordAsync(history, http, PartyVerificationMethod.NumberAndCode, response, ct);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<SharedVerification>, ProblemHttpResult>> VerifyShareAsync(ShareCodeBody body, ShareGrants grants, ReportVerifier verifier, AccessLog log, VerificationNotes notes,
        PartyVerifications history, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (grant, report, _) = await grants.RedeemAsync(body.Code ?? "", ct);
            var outcome = await verifier.VerifyQrAsync(report.QrText, http.Reads(), ct);
            log.RecordAccess(http, report.Number, AccessKind.ShareView, grant.Id);
            var verification = await VerificationResponse.WithRegisterAsync(outcome with { Status = report.Status, StatusReason = report.StatusReason }, http.Reads(), notes, ct);
            await RecordAsync(history, http, PartyVerificationMethod.ShareCode, verification, ct);
            // POST the same body there: the code never goes in an address.
            return TypedResults.Ok(new SharedVerification(verification, grant.Purpose, grant.ExpiresAt, ReportContent.FromCanonicalJson(report.Content),
                "/api/v1/rp/share/pdf", "/api/v1/rp/share/twin"));
        }
        catch (ShareRefusedException e)
        {
            await history.RecordAsync(PartyOf(http.User)!.Value, PartyVerificationMethod.ShareCode, null, "refused", null, ActorOf(http.User), ct);
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status403Forbidden);
        }
    }

    public static async Task<Ok<List<HistoryEntry>>> HistoryAsync(PartyVerifications history, HttpContext http, int? take, CancellationToken ct) =>
        TypedResults.Ok((await history.HistoryAsync(PartyOf(http.User)!.Value, take ?? 200, ct))
            .Select(v => new HistoryEntry(v.At, Slug(v.Method), v.ReportNumber is null ? null : ReportNumbers.FormatNumber(v.ReportNumber), v.Verdict, v.Status, v.Actor)).ToList());

    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> SharedPdfAsync(ShareCodeBody body, ShareGrants grants, AccessLog log, PdfStore pdfs, HttpContext http, CancellationToken ct) =>
        ShareDownloads.PdfAsync(body.Code, grants, log, pdfs, http, null, ct);

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> SharedTwinAsync(ShareCodeBody body, ShareGrants grants, AccessLog log, ReportCertificateCache certificates,
        CreditProofDbContext db, HttpContext http, CancellationToken ct) =>
        ShareDownloads.TwinAsync(body.Code, grants, log, certificates, db, http, null, ct);

    public static async Task<Ok<List<GrantListing>>> GrantsAsync(PartyGrants grants, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await grants.ForPartyAsync(PartyOf(http.User)!.Value, ct));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GrantedPdfAsync(string number, PartyGrants grants, AccessLog log, PdfStore pdfs, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (grant, report) = await grants.OpenAsync(PartyOf(http.User)!.Value, number, ct);
            var pdf = await pdfs.ReadAsync(report, ct);
            log.RecordAccess(http, report.Number, AccessKind.ShareDownload, grant.Id);
            return TypedResults.File(pdf, "application/pdf", $"{report.Number}.pdf");
        }
        catch (WorkflowRefusedException e)
        {
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status404NotFound);
        }
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GrantedTwinAsync(string number, PartyGrants grants, AccessLog log, ReportCertificateCache certificates,
        CreditProofDbContext db, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (grant, report) = await grants.OpenAsync(PartyOf(http.User)!.Value, number, ct);
            var twin = ReportTwin.Sign(report.Content, await certificates.GetActiveAsync(db, ct));
            log.RecordAccess(http, report.Number, AccessKind.ShareDownload, grant.Id);
            return TypedResults.Content(twin, ReportTwin.MediaType);
        }
        catch (WorkflowRefusedException e)
        {
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status404NotFound);
        }
        catch (ReportCertificateMissingException e)
        {
            return ShareDownloads.NoCertificate(e);
        }
    }

    public static async Task<Results<Ok<ChangesView>, ProblemHttpResult>> ChangesAsync(string number, PartyGrants grants, CreditProof.Platform.PlatformClock clock, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (report, changes) = await grants.ChangesAsync(PartyOf(http.User)!.Value, number, ct);
            return TypedResults.Ok(new ChangesView(ReportNumbers.FormatNumber(report.Number), ReportStatusNames.Name(report.Status, report.ExpiresAt <= clock.UtcNow), report.StatusReason,
                changes.Select(c => new ChangeView(c.RecordId, c.DocumentNumber, c.Type.ToString().ToLowerInvariant(), c.DecisionDate, Slug(c.Change), c.VersionShown, c.VersionNow)).ToList()));
        }
        catch (WorkflowRefusedException e)
        {
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status403Forbidden);
        }
    }

    public static async Task<Ok<List<NoticeView>>> NoticesAsync(CreditProofDbContext db, HttpContext http, CancellationToken ct)
    {
        var party = PartyOf(http.User)!.Value;
        var notices = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.ChangeNotices.Where(n => n.RelyingPartyId == party).OrderByDescending(n => n.Id).Take(500), ct);
        return TypedResults.Ok(notices.Select(n => new NoticeView(n.Id, ReportNumbers.FormatNumber(n.ReportNumber), ChangeWatch.StatusName(n.FromStatus), ChangeWatch.StatusName(n.ToStatus),
            n.Reason, n.At)).ToList());
    }

    public static async Task<Results<Created<RequestView>, ProblemHttpResult>> CreateRequestAsync(RequestBody body, Requirements requirements, CreditProofDbContext db, HttpContext http,
        CancellationToken ct)
    {
        try
        {
            var requirement = await requirements.CreateAsync(PartyOf(http.User)!.Value,
                new RequirementInput(body.Domains, body.From, body.To, body.Purpose, body.ValidDays, body.ChangeNotices, body.SubjectCode, body.LinkDays), ActorOf(http.User), ct);
            var view = await ViewAsync(requirement, requirements, db, ct);
            return TypedResults.Created($"/api/v1/rp/requests/{requirement.Id}", view);
        }
        catch (WorkflowRefusedException e)
        {
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status400BadRequest);
        }
    }

    public static async Task<Ok<List<RequestView>>> RequestsAsync(Requirements requirements, CreditProofDbContext db, HttpContext http, CancellationToken ct)
    {
        var list = new List<RequestView>();
        foreach (var r in await requirements.ForPartyAsync(PartyOf(http.User)!.Value, ct))
            list.Add(await ViewAsync(r, requirements, db, ct));
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<RequestView>, NotFound>> RequestAsync(Guid id, Requirements requirements, CreditProofDbContext db, HttpContext http, CancellationToken ct) =>
        await requirements.OfPartyAsync(PartyOf(http.User)!.Value, id, ct) is { } r ? TypedResults.Ok(await ViewAsync(r, requirements, db, ct)) : TypedResults.NotFound();

    public static async Task<Results<ContentHttpResult, NotFound>> RequestQrAsync(Guid id, Requirements requirements, HttpContext http, CancellationToken ct) =>
        await requirements.OfPartyAsync(PartyOf(http.User)!.Value, id, ct) is { } r
            ? TypedResults.Content(RequirementQr.Svg(requirements.LinkFor(r)), "image/svg+xml")
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelRequestAsync(Guid id, Requirements requirements, HttpContext http, CancellationToken ct)
    {
        try
        {
            await requirements.CancelAsync(PartyOf(http.User)!.Value, id, ct);
            return TypedResults.NoContent();
        }
        catch (WorkflowRefusedException e)
        {
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status404NotFound);
        }
    }

    public static async Task<Results<Created<ExplanationView>, ProblemHttpResult>> AskAsync(AskBody body, Explanations explanations, HttpContext http, CancellationToken ct)
    {
        try
        {
            var request = await explanations.AskAsync(PartyOf(http.User)!.Value, ActorOf(http.User), body.ReportNumber ?? "", body.RecordId, body.Question ?? "", ct);
            return TypedResults.Created($"/api/v1/rp/explanations/{request.Id}", View(request));
        }
        catch (WorkflowRefusedException e)
        {
            return Refused(e.MessageZh, e.MessageEn, StatusCodes.Status400BadRequest);
        }
    }

    public static async Task<Ok<List<ExplanationView>>> ExplanationsAsync(Explanations explanations, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await explanations.ForPartyAsync(PartyOf(http.User)!.Value, ct)).Select(View).ToList());

    public static ExplanationView View(ExplanationRequest e) => new(e.Id, ReportNumbers.FormatNumber(e.ReportNumber), e.RecordId, e.DocumentNumber, e.Question, e.AskedAt, e.DueOn,
        e.Status.ToString().ToLowerInvariant(), e.Answer, e.AnsweredAt, e.EscalatedAt is not null);

    private static async Task<RequestView> ViewAsync(ReportRequirement r, Requirements requirements, CreditProofDbContext db, CancellationToken ct)
    {
        var number = r.GrantId is { } grantId
            ? await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.PartyGrants.Where(g => g.Id == grantId).Select(g => g.ReportNumber), ct)
            : null;
        return new RequestView(r.Id, requirements.LinkFor(r), $"/api/v1/rp/requests/{r.Id}/qr.svg", ReportRequest.SplitDomains(r.DomainCodes), r.PeriodFrom, r.PeriodTo, r.Purpose,
            r.ValidDays, r.AsksChangeNotices, r.SubjectCode, r.Status.ToString().ToLowerInvariant(), r.CreatedAt, r.ExpiresAt, r.FulfilledAt,
            number is null ? null : ReportNumbers.FormatNumber(number));
    }

    private static Task RecordAsync(PartyVerifications history, HttpContext http, PartyVerificationMethod method, VerificationResponse response, CancellationToken ct) =>
        history.RecordAsync(PartyOf(http.User)!.Value, method, response.Report?.Number is { } n ? ReportNumbers.ParseNumber(n) : null, response.Verdict, response.Status, ActorOf(http.User), ct);

    private static string Slug(Enum value) => string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static ProblemHttpResult Refused(string zh, string en, int status) => TypedResults.Problem(en, statusCode: status, title: zh);

    public static int? PartyOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(PartyIdClaim), CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string ActorOf(ClaimsPrincipal user) => "key:" + (user.FindFirstValue(KeyPrefixClaim) ?? "?");
}

/// <summary>Authenticates a relying party's system by its API key (<c>Authorization: ApiKey …</c> or <c>X-Api-Key</c>); only hashes are stored.</summary>
public sealed class PartyApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers["X-Api-Key"].FirstOrDefault();
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        if (key is null && authorization is not null && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
            key = authorization["ApiKey ".Length..].Trim();
        if (string.IsNullOrEmpty(key) || !key.StartsWith(RelyingPartyRegistry.KeyPrefix, StringComparison.Ordinal))
            return AuthenticateResult.NoResult();
        var owner = await Context.RequestServices.GetRequiredService<RelyingPartyRegistry>().FindOwnerAsync(key, Context.RequestAborted);
        if (owner is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "rp-key:" + owner.KeyPrefix),
            new(ClaimTypes.Name, owner.Name),
            new(ClaimTypes.Role, SignIn.CreditProofClaims.Roles.RelyingParty),
            new(RelyingPartyApi.PartyIdClaim, owner.RelyingPartyId.ToString(CultureInfo.InvariantCulture)),
            new(RelyingPartyApi.LimitClaim, owner.RequestsPerMinute.ToString(CultureInfo.InvariantCulture)),
            new(RelyingPartyApi.KeyPrefixClaim, owner.KeyPrefix),
        };
        claims.AddRange(owner.Scopes.Select(s => new Claim(RelyingPartyApi.ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
    }
}
