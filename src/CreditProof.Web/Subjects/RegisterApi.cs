using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Subjects;

/// <summary>
/// The register API for registration authorities (登记机关): <c>POST /api/v1/register/subjects</c> sends register rows
/// (changes, or with <c>?snapshot=true</c> a full snapshot). The authority authenticates with its unit API key
/// (<c>creditproof units key issue</c>); only units marked as registration authorities
/// (<c>creditproof units register-authority</c>) pass the <see cref="Policy"/>.
/// </summary>
public static class RegisterApi
{
    public const string Policy = "RegisterSubmitter";
    public const string OpenApiDocument = "register";

    public static IServiceCollection AddRegisterApi(this IServiceCollection services, IConfiguration config)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(RecordsApi.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole("unit")
            .RequireAssertion(async context =>
            {
                if (context.Resource is not HttpContext http || !int.TryParse(context.User.FindFirstValue(RecordsApi.UnitIdClaim), System.Globalization.CultureInfo.InvariantCulture, out var unitId))
                    return false;
                var db = http.RequestServices.GetRequiredService<CreditProofDbContext>();
                return await db.Units.AnyAsync(u => u.Id == unitId && u.IsRegistrationAuthority, http.RequestAborted);
            }));
        services.AddOpenApi(OpenApiDocument, o =>
        {
            o.ShouldInclude = d => d.GroupName == OpenApiDocument;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CreditProof subject register API for registration authorities (主体库报送接口)";
                document.Info.Description = "Authenticate with the header `Authorization: ApiKey <key>` (or `X-Api-Key`) of a unit the operator marked as a registration authority. " +
                    "Rows are JSON objects with the columns of the register file (docs/data-formats.md): code, name, type, region, registered_on, status, former_names (or their Chinese titles).";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapRegisterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/register")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RecordsApi.RateLimitPolicy)
            .WithGroupName(OpenApiDocument)
            .WithTags("Register");
        group.MapPost("/subjects", SubmitAsync)
            .WithName("SubmitRegister")
            .WithSummary("报送主体库 Send register rows: the subjects' current registered facts (changes, or a full snapshot with ?snapshot=true)")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    /// <summary>Imports the rows as one register batch and answers with a result per row.</summary>
    public static async Task<Results<Ok<RegisterResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, ClaimsPrincipal user, RegisterImporter importer, RegisterOptions options,
        [FromQuery] bool snapshot = false, [FromQuery] DateOnly? effectiveOn = null, CancellationToken ct = default)
    {
        var (read, problem) = await JsonRowsBody.ReadAsync(request, (long)options.ApiRowLimit * 2048, options.ApiRowLimit, ct);
        if (read is null)
            return problem!;
        using (var body = read)
        {
            var unitCode = user.FindFirstValue(RecordsApi.UnitCodeClaim)!;
            var result = await importer.ImportAsync(new JsonElementRowSource(body.Rows), new RegisterImportRequest
            {
                Snapshot = snapshot,
                Channel = Channel.Api,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(body.Bytes.Span)),
                SubmittedBy = $"{unitCode} (key {user.FindFirstValue(RecordsApi.KeyIdClaim)})",
                EffectiveOn = effectiveOn,
                CollectRowResults = true,
            }, ct);
            return TypedResults.Ok(RegisterResponse.From(result));
        }
    }

}

public sealed record RegisterRowDto(int Row, string Outcome, string? Code, IReadOnlyList<RowErrorDto> Errors);

public sealed record RegisterResponse(Guid BatchId, string Status, int Read, int Created, int Updated, int Unchanged, int Rejected, int Left,
    IReadOnlyList<RegisterRowDto> Rows)
{
    public static RegisterResponse From(RegisterImportResult result)
    {
        var b = result.Batch;
        return new RegisterResponse(b.Id, b.Status.ToString(), b.RowsRead, b.Created, b.Updated, b.Unchanged, b.Rejected, b.Left,
            result.Rows.Select(r => new RegisterRowDto(r.Row, r.Outcome.ToString(), r.Code,
                r.Errors.Select(e => new RowErrorDto(e.Column, e.Value, e.Rule, e.MessageZh, e.MessageEn)).ToList())).ToList());
    }
}
