using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.RateLimiting;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Ingest;

/// <summary>
/// The records API for data source units: <c>POST /api/v1/records/{type}</c> submits rows (JSON), <c>POST
/// /api/v1/records/{type}/revocations</c> withdraws a record. Each unit authenticates with its own API key and can reach
/// only its own records (谁产生、谁负责).
/// </summary>
public static class RecordsApi
{
    public const string Scheme = "UnitApiKey";
    public const string Policy = "UnitSubmitter";
    public const string RateLimitPolicy = "unit-api";
    public const string OpenApiDocument = "records";
    public const string UnitIdClaim = "unit_id";
    public const string UnitCodeClaim = "unit_code";
    public const string KeyIdClaim = "api_key_id";

    /// <summary>Average bytes a row may take in a request; the body limit is this times the row limit.</summary>
    private const int BytesPerRow = 16 * 1024;

    public static IServiceCollection AddRecordsApi(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<RecordsApiOptions>(config.GetSection(RecordsApiOptions.Section));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, UnitApiKeyHandler>(Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole("unit"));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RecordsApiOptions>>().Value;
                var unit = context.User.FindFirstValue(UnitCodeClaim) ?? TrustedProxies.ClientPartition(context);
                return RateLimitPartition.GetTokenBucketLimiter(unit, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.RequestsPerMinute,
                    TokensPerPeriod = limits.RequestsPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        services.AddOpenApi(OpenApiDocument, o =>
        {
            o.ShouldInclude = d => d.GroupName == OpenApiDocument;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CreditProof records API for data source units (数源单位报送接口)";
                document.Info.Description = "Authenticate with the header `Authorization: ApiKey <key>` (or `X-Api-Key`). Keys are issued by the platform operator (`creditproof units key issue`).";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/records")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimitPolicy)
            .WithGroupName(OpenApiDocument)
            .WithTags("Records");
        group.MapPost("/{type}", SubmitAsync)
            .WithName("SubmitRecords")
            .WithSummary("报送记录 Submit records of one type (JSON array of objects with CF_/QZ_/SX_/XS_ codes or Chinese titles)")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/{type}/revocations", RevokeAsync)
            .WithName("RevokeRecord")
            .WithSummary("撤销记录 Withdraw a record the unit submitted");
        return app;
    }

    /// <summary>Imports the rows as one batch of the calling unit and answers with a result per row.</summary>
    public static async Task<Results<Ok<SubmitResponse>, ProblemHttpResult, NotFound<ProblemDetails>>> SubmitAsync(
        string type, HttpRequest request, ClaimsPrincipal user, CreditProofDbContext db, PlatformClock clock, PlatformOptions platform, IngestOptions options,
        [FromQuery] bool atomic = false, CancellationToken ct = default)
    {
        if (RecordTypes.FromSlug(type) is not { } recordType)
            return TypedResults.NotFound(new ProblemDetails { Title = "Unknown record type", Detail = $"'{type}' is not one of penalty, enforcement, dishonesty, criminal (记录类型不存在)." });
        var (read, problem) = await JsonRowsBody.ReadAsync(request, (long)options.ApiRowLimit * BytesPerRow, options.ApiRowLimit, ct);
        if (read is null)
            return problem!;
        using (var body = read)
        {
            var unitCode = user.FindFirstValue(UnitCodeClaim)!;
            var importer = new RecordImporter(db, clock, platform, options, request.HttpContext.RequestServices.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>());
            try
            {
                var result = await importer.ImportAsync(new JsonElementRowSource(body.Rows), new ImportRequest
                {
                    Type = recordType,
                    UnitCode = unitCode,
                    Channel = Channel.Api,
                    Atomic = atomic,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(body.Bytes.Span)),
                    SubmittedBy = $"{unitCode} (key {user.FindFirstValue(KeyIdClaim)})",
                    CollectRowResults = true,
                }, ct);
                return TypedResults.Ok(SubmitResponse.From(result));
            }
            catch (ImportFormatException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: e.MessageEn, detail: e.MessageZh);
            }
        }
    }

    public static async Task<Results<Ok<RevokeResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RevokeAsync(
        string type, RevokeRequest body, ClaimsPrincipal user, CreditProofDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (RecordTypes.FromSlug(type) is not { } recordType)
            return TypedResults.NotFound(new ProblemDetails { Title = "Unknown record type" });
        var unitId = int.Parse(user.FindFirstValue(UnitIdClaim)!, System.Globalization.CultureInfo.InvariantCulture);
        var (outcome, record) = await new RecordRevocation(db, time)
            .RevokeAsync(unitId, recordType, body.DocumentNumber.Trim(), user.FindFirstValue(UnitCodeClaim)!, body.Reason, Channel.Api, ct);
        return outcome switch
        {
            RevocationOutcome.Revoked => TypedResults.Ok(new RevokeResponse(record!.Id, record.DocumentNumber, record.Version, record.Status.ToString())),
            // Another unit's record looks exactly like a missing one: a unit learns nothing about records it does not own.
            RevocationOutcome.NotFound => TypedResults.NotFound(new ProblemDetails { Title = "No such record of this unit (本单位没有该记录)" }),
            RevocationOutcome.AlreadyRevoked => TypedResults.Conflict(new ProblemDetails { Title = "The record is already revoked (该记录已撤销)" }),
        };
    }

}

public sealed class RecordsApiOptions
{
    public const string Section = "Ingest:Api";

    public int RequestsPerMinute { get; set; } = 120;
}

public sealed record RevokeRequest(string DocumentNumber, string? Reason);

public sealed record RevokeResponse(Guid RecordId, string DocumentNumber, int Version, string Status);

public sealed record RowErrorDto(string Column, string? Value, string Rule, string MessageZh, string MessageEn);

public sealed record RowResultDto(int Row, string Outcome, string? DocumentNumber, Guid? RecordId, int? Version, bool Late, IReadOnlyList<RowErrorDto> Errors);

public sealed record SubmitResponse(Guid BatchId, string Status, int Read, int Accepted, int Updated, int Unchanged, int Rejected, int OutOfScope, int Late,
    IReadOnlyList<RowResultDto> Rows)
{
    public static SubmitResponse From(ImportResult result)
    {
        var b = result.Batch;
        return new SubmitResponse(b.Id, b.Status.ToString(), b.RowsRead, b.Accepted, b.Updated, b.Unchanged, b.Rejected, b.OutOfScope, b.Late,
            result.Rows.Select(r => new RowResultDto(r.Row, r.Outcome.ToString(), r.DocumentNumber, r.RecordId, r.Version, r.Late,
                r.Errors.Select(e => new RowErrorDto(e.Column, e.Value, e.Rule, e.MessageZh, e.MessageEn)).ToList())).ToList());
    }
}

/// <summary>Authenticates a data source unit by its API key (<c>Authorization: ApiKey …</c> or <c>X-Api-Key</c>); only hashes are stored.</summary>
public sealed class UnitApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers["X-Api-Key"].FirstOrDefault();
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        if (key is null && authorization is not null && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
            key = authorization["ApiKey ".Length..].Trim();
        if (string.IsNullOrEmpty(key))
            return AuthenticateResult.NoResult();

        var db = Context.RequestServices.GetRequiredService<CreditProofDbContext>();
        var owner = await new UnitApiKeys(db, time).FindOwnerAsync(key, Context.RequestAborted);
        if (owner is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, owner.UnitCode),
            new Claim(ClaimTypes.Name, owner.UnitName),
            new Claim(ClaimTypes.Role, "unit"),
            new Claim(RecordsApi.UnitIdClaim, owner.UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(RecordsApi.UnitCodeClaim, owner.UnitCode),
            new Claim(RecordsApi.KeyIdClaim, owner.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
