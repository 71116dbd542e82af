using System.Security.Claims;
using CreditProof.Audit;
using CreditProof.Identifiers;
using CreditProof.Storage;
using CreditProof.Web.SignIn;

namespace CreditProof.Web.Hosting;

/// <summary>
/// The web's one place for the audit trail. Every request runs inside an <see cref="AuditScope"/> naming its actor and
/// action, so whatever data it changes is appended in the change's own transaction (<see cref="AuditCapture"/>). After
/// the answer, a request by staff or an API key that changed nothing — a read of subjects' data, an export, a refusal —
/// gets an entry of its own, as does a signed-in person's refused request. Subjects' and anonymous reads are not
/// audited (the access log records who verified or viewed a report).
/// </summary>
public static class AuditRequests
{
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var action = ActionOf(http);
        using var scope = AuditContext.Begin(() => ActorOf(http), action);
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await AfterAsync(http, AuditContext.Current!, failed);
        }
    });

    /// <summary>Who is acting, from the principal the request carries (an API key's principal exists once authorisation ran).</summary>
    public static AuditActor ActorOf(HttpContext http)
    {
        var user = http.User;
        var client = http.Connection.RemoteIpAddress?.ToString();
        if (user.Identity?.IsAuthenticated != true)
            return AuditActor.Anonymous with { Client = client };
        if (user.IsInRole(CreditProofClaims.Roles.Subject))
            return new AuditActor("subject:" + ResidentId.MaskAll(user.FindFirstValue(CreditProofClaims.SubjectCode) ?? "?"), CreditProofClaims.Roles.Subject, client);
        return user.Identity.AuthenticationType switch
        {
            Ingest.RecordsApi.Scheme => new AuditActor("unit-key:" + (user.FindFirstValue(Ingest.RecordsApi.UnitCodeClaim) ?? "?"), "api-key", client),
            Reports.OperatorApiKey.Scheme => new AuditActor("operator-key", "api-key", client),
            _ => new AuditActor(user.StaffUserName(), RoleOf(user), client),
        };
    }

    private static string RoleOf(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).FirstOrDefault() ?? "staff";

    private static string ActionOf(HttpContext http)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var handler = http.Request.Query["handler"].ToString();
        var target = pattern is null ? http.Request.Path.Value ?? "/" : "/" + pattern.TrimStart('/');
        return $"{http.Request.Method} {target}{(handler.Length > 0 && handler.Length <= 40 ? "?handler=" + handler : "")}";
    }

    private static async Task AfterAsync(HttpContext http, AuditScope scope, bool failed)
    {
        var actor = ActorOf(http);
        var status = failed ? 500 : http.Response.StatusCode;
        // A page refused to a signed-in person answers with a redirect to the access-denied page rather than a 403.
        var deniedByRedirect = status == 302 && Uri.TryCreate(new Uri("http://host/"), http.Response.Headers.Location.ToString(), out var target)
            && string.Equals(target.AbsolutePath, SignInSetup.AccessDeniedPath, StringComparison.OrdinalIgnoreCase);
        var outcome = status is 401 or 403 || deniedByRedirect ? AuditOutcome.Denied : status >= 400 ? AuditOutcome.Failed : AuditOutcome.Succeeded;
        var staffOrKey = actor.Role is not ("subject" or "anonymous" or "system");
        var refusedSignedIn = actor.Role == "subject" && outcome == AuditOutcome.Denied;
        if (!(staffOrKey || refusedSignedIn) || (scope.ChangeRecorded && outcome == AuditOutcome.Succeeded))
            return;
        // Static assets and health probes say nothing about anyone's data.
        if (http.GetEndpoint() is null && outcome == AuditOutcome.Succeeded)
            return;
        try
        {
            await using var services = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = services.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var trail = services.ServiceProvider.GetRequiredService<AuditTrail>();
            var routeValues = http.Request.RouteValues.Where(v => v.Key is not ("page" or "handler" or "action" or "controller") && v.Value is not null)
                .Select(v => $"{v.Key}={v.Value}");
            await trail.AppendAsync(db, new AuditEvent(actor, scope.Action, outcome, "request", scope.ObjectId ?? NullIfEmpty(string.Join("&", routeValues)), scope.SubjectId,
                $"HTTP {status}"), CancellationToken.None);
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditRequests))
                .LogCritical(e, "Could not append the audit entry for {Action} by {Actor}", scope.Action, actor.Name);
        }
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

/// <summary>Sign-ins, successful or not, for the audit trail: staff by password and TOTP, subjects through the identity provider.</summary>
public static class SignInAudit
{
    public static async Task RecordAsync(HttpContext http, string actor, string role, AuditOutcome outcome, string? detail = null, Guid? subjectId = null)
    {
        await using var services = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        await services.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(db,
            new AuditEvent(new AuditActor(actor, role, http.Connection.RemoteIpAddress?.ToString()), "sign-in", outcome, "session", null, subjectId, detail), CancellationToken.None);
    }
}
