using System.Threading.RateLimiting;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Transparency;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditProof.Web.Transparency;

/// <summary>
/// The issuance transparency log for auditors and relying parties (anonymous): the latest signed tree head at a
/// well-known URL, a report's inclusion proof and the consistency proof between two tree sizes (docs/verification.md).
/// </summary>
public static class TransparencyApi
{
    public const string RateLimitPolicy = "transparency";

    /// <summary>Proof requests per client address and minute: generous for an auditor, a wall for a flood.</summary>
    public const int RequestsPerMinute = 120;

    public static IServiceCollection AddTransparencyApi(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapTransparencyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/creditproof/tree-head", TreeHead).RequireAuthorization(Policies.Public).RequireCors(Policies.PublicCors).RequireRateLimiting(RateLimitPolicy)
            .WithGroupName(VerificationApi.OpenApiDocument).WithTags("Trust")
            .WithSummary("The transparency log's latest signed tree head (签名树头): tree_size, root_hash, timestamp, signatures by the trust list's keys");

        var log = app.MapGroup("/api/v1/transparency").WithGroupName(VerificationApi.OpenApiDocument).WithTags("Transparency")
            .RequireRateLimiting(RateLimitPolicy);
        log.MapGet("/proof/{number}", Proof).RequireAuthorization(Policies.Public)
            .WithSummary("A report's inclusion proof (audit path, RFC 9162 §2.1.3) against the latest signed tree head")
            .WithDescription("404 for a number not issued here and for a report not yet sequenced (within seconds of issue) alike.");
        log.MapGet("/consistency", Consistency).RequireAuthorization(Policies.Public)
            .WithSummary("Consistency proof (RFC 9162 §2.1.4) between tree sizes first ≤ second ≤ the latest head's size")
            .WithDescription("Check it against two signed tree heads you kept: `creditproof transparency verify --old A.json --new B.json --proof proof.json --trust-list trust-list.json`.");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> TreeHead(ReadOnlyDatabase reads, HttpContext http, CancellationToken ct)
    {
        if (await TransparencyLog.LatestHeadAsync(reads.Context, ct) is not { } head)
            return TypedResults.Problem("no report has been issued yet, so the log has no head", statusCode: StatusCodes.Status404NotFound, title: "签发透明日志尚无记录");
        http.Response.Headers.CacheControl = "public, max-age=10";
        return TypedResults.Content(head.ToJson(), "application/json; charset=utf-8");
    }

    public static async Task<Results<Ok<InclusionProofDocument>, ProblemHttpResult>> Proof(string number, ReadOnlyDatabase reads, CancellationToken ct)
    {
        var parsed = ReportNumbers.ParseNumber(number);
        var proof = parsed is null ? null : await reads.ReadAsync(db => TransparencyLog.InclusionProofAsync(db, parsed, ct), p => p is null);
        return proof is null
            ? TypedResults.Problem("no such report in the log: unknown number, or issued seconds ago and not yet sequenced", statusCode: StatusCodes.Status404NotFound,
                title: "签发透明日志中没有该报告（号码未知，或刚刚出具、几秒内记入）")
            : TypedResults.Ok(InclusionProofDocument.From(proof));
    }

    public static async Task<Results<Ok<ConsistencyProofDocument>, ProblemHttpResult>> Consistency(long first, long second, ReadOnlyDatabase reads, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(ConsistencyProofDocument.From(first, second, await TransparencyLog.ConsistencyProofAsync(reads.Context, first, second, ct)));
        }
        catch (ArgumentOutOfRangeException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "树大小须满足 0 ≤ first ≤ second ≤ 当前树大小");
        }
    }
}
