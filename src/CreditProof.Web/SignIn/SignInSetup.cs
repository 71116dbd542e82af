using System.Security.Claims;
using CreditProof.Accounts;
using CreditProof.Audit;
using CreditProof.Identifiers;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace CreditProof.Web.SignIn;

/// <summary>
/// Subjects sign in through the province's unified identity authentication (OpenID Connect, configured under
/// <c>Authentication:Oidc</c>), or, in the embedded demo only, through a built-in demo identity provider. Staff sign in
/// with a local account: password, lockout and TOTP.
/// </summary>
public static class SignInSetup
{
    public const string OidcScheme = "oidc";
    private const string TotpPurpose = "CreditProof.StaffTotpSecret";

    public static WebApplicationBuilder AddCreditProofSignIn(this WebApplicationBuilder builder)
    {
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = AccessDeniedPath;
                o.ExpireTimeSpan = SessionLimits.IdleLifetime;
                o.SlidingExpiration = true;
                o.Cookie.Name = "creditproof";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = HostingExtensions.CookieSecurity(builder.Configuration);
                // APIs answer 401/403; pages redirect to sign-in.
                o.Events.OnRedirectToLogin = c => ApiAware(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => ApiAware(c, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = async c =>
                {
                    if (await SessionLimits.ValidateAsync(c))
                        await KioskMode.ShortenSessionAsync(c);
                };
            });

        var oidc = builder.Configuration.GetSection("Authentication:Oidc");
        if (!string.IsNullOrEmpty(oidc["Authority"]))
        {
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SaveTokens = false;
                o.CallbackPath = "/signin-oidc";
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.Scope.Add("profile");
                var codeClaim = oidc["CreditCodeClaim"] ?? "credit_code";
                var idNumberClaim = oidc["IdNumberClaim"] ?? "id_number";
                var nameClaim = oidc["NameClaim"] ?? "name";
                o.Events.OnTokenValidated = async context =>
                {
                    // Organisations by their verified credit code; natural persons by their verified name and ID number.
                    var claims = context.Principal;
                    var identity = new VerifiedIdentity(claims?.FindFirstValue(codeClaim), claims?.FindFirstValue(idNumberClaim), claims?.FindFirstValue(nameClaim));
                    var directory = context.HttpContext.RequestServices.GetRequiredService<SubjectDirectory>();
                    var (subject, refusal) = await directory.SignInAsync(identity, context.HttpContext.RequestAborted);
                    if (subject is null)
                    {
                        await AuditRefusedAsync(context.HttpContext, identity, refusal!.Problem);
                        // Not an error page: a page that says what happened and what to do.
                        context.HandleResponse();
                        context.Response.Redirect(RefusedPath(refusal!.Problem));
                        return;
                    }

                    context.Principal = SubjectPrincipal(subject, context.Scheme.Name);
                    await AuditSignedInAsync(context.HttpContext, context.Principal);
                };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Subject, p => p.RequireRole(CreditProofClaims.Roles.Subject).RequireClaim(CreditProofClaims.SubjectId))
            .AddPolicy(Policies.Unit, p => p.RequireRole(CreditProofClaims.Roles.Unit).RequireClaim(CreditProofClaims.UnitId))
            .AddPolicy(Policies.Window, p => p.RequireRole(CreditProofClaims.Roles.Window))
            // Operators and auditors: two-factor sign-in is required (TotpEnrolment sends them to enrol first).
            .AddPolicy(Policies.Operator, p => p.RequireRole(CreditProofClaims.Roles.Operator).RequireClaim(CreditProofClaims.SecondFactor, TotpEnrolment.Totp))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(CreditProofClaims.Roles.Auditor, CreditProofClaims.Roles.Operator).RequireClaim(CreditProofClaims.SecondFactor, TotpEnrolment.Totp))
            .AddPolicy(Policies.Inbox, p => p.RequireAssertion(c =>
                (c.User.IsInRole(CreditProofClaims.Roles.Subject) && c.User.HasClaim(x => x.Type == CreditProofClaims.SubjectId))
                || (c.User.IsInRole(CreditProofClaims.Roles.Unit) && c.User.HasClaim(x => x.Type == CreditProofClaims.UnitId))
                || (c.User.IsInRole(CreditProofClaims.Roles.RelyingParty) && c.User.HasClaim(x => x.Type == CreditProofClaims.RelyingPartyId))))
            // Evidence files: the subject and the unit (each further checked against the file's owner), and the operator.
            .AddPolicy(Policies.Evidence, p => p.RequireAssertion(c =>
                (c.User.IsInRole(CreditProofClaims.Roles.Subject) && c.User.HasClaim(x => x.Type == CreditProofClaims.SubjectId))
                || (c.User.IsInRole(CreditProofClaims.Roles.Unit) && c.User.HasClaim(x => x.Type == CreditProofClaims.UnitId))
                || (c.User.IsInRole(CreditProofClaims.Roles.Operator) && c.User.HasClaim(CreditProofClaims.SecondFactor, TotpEnrolment.Totp))))
            .AddPolicy(Policies.RelyingPartyStaff, p => p.RequireRole(CreditProofClaims.Roles.RelyingParty).RequireClaim(CreditProofClaims.RelyingPartyId))
            .AddPolicy(Policies.Staff, p => p.RequireRole(CreditProofClaims.Roles.Unit, CreditProofClaims.Roles.Window, CreditProofClaims.Roles.Operator, CreditProofClaims.Roles.Auditor,
                CreditProofClaims.Roles.RelyingParty));

        builder.Services.AddScoped<StaffSessions>();
        builder.Services.AddScoped<StaffAdministration>();
        builder.Services.AddSingleton(new SignInThrottle(new StaffSignInOptions()));
        builder.Services.AddScoped(sp =>
        {
            var protector = sp.GetRequiredService<IDataProtectionProvider>().CreateProtector(TotpPurpose);
            return new StaffSignIn(sp.GetRequiredService<CreditProofDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SignInThrottle>(),
                protectedSecret => Convert.FromBase64String(protector.Unprotect(protectedSecret)));
        });
        return builder;
    }

    /// <summary>Where a signed-in person is sent when a page is not for their role (the cookie's 403).</summary>
    public const string AccessDeniedPath = "/forbidden";

    /// <summary>The page that explains a refused sign-in (/signin/refused).</summary>
    public static string RefusedPath(SubjectProblem problem) => "/signin/refused?problem=" + problem;

    public static bool OidcConfigured(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["Authentication:Oidc:Authority"]);

    public static ClaimsPrincipal SubjectPrincipal(Subject subject, string authenticationType) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, subject.Name),
        new Claim(ClaimTypes.Role, CreditProofClaims.Roles.Subject),
        new Claim(CreditProofClaims.SubjectId, subject.Id.ToString()),
        new Claim(CreditProofClaims.SubjectCode, subject.Code),
    ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    public static ClaimsPrincipal StaffPrincipal(StaffAccount account)
    {
        var role = CreditProofClaims.Roles.Of(account.Role);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.NameIdentifier, account.UserName),
            new(ClaimTypes.Role, role),
            new(CreditProofClaims.StaffId, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(CreditProofClaims.SecurityStamp, account.SecurityStamp),
        };
        if (account.UnitId is { } unitId)
            claims.Add(new Claim(CreditProofClaims.UnitId, unitId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (account.RelyingPartyId is { } partyId)
            claims.Add(new Claim(CreditProofClaims.RelyingPartyId, partyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // Only called once the password and, for an account with TOTP, the code were checked (or the code was just enrolled).
        if (account.TotpEnabled)
            claims.Add(new Claim(CreditProofClaims.SecondFactor, TotpEnrolment.Totp));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "staff", ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Every cookie sign-in goes through here (staff after password and TOTP, subjects from the demo provider), audited.</summary>
    public static async Task SignInAsync(HttpContext context, ClaimsPrincipal principal)
    {
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, SessionLimits.Started(context, new AuthenticationProperties { IsPersistent = false }));
        await AuditSignedInAsync(context, principal);
    }

    private static Task AuditSignedInAsync(HttpContext context, ClaimsPrincipal principal)
    {
        var subject = principal.SubjectIdOf();
        return subject is { } id
            ? SignInAudit.RecordAsync(context, "subject:" + ResidentId.MaskAll(principal.FindFirstValue(CreditProofClaims.SubjectCode) ?? "?"), CreditProofClaims.Roles.Subject, AuditOutcome.Succeeded, subjectId: id)
            : SignInAudit.RecordAsync(context, principal.StaffUserName(), principal.FindFirstValue(ClaimTypes.Role) ?? "staff", AuditOutcome.Succeeded);
    }

    /// <summary>A subject the platform refused at sign-in (unknown, outside the province, invalid code, no verified identity).</summary>
    public static Task AuditRefusedAsync(HttpContext context, VerifiedIdentity identity, SubjectProblem problem) =>
        SignInAudit.RecordAsync(context, "subject:" + ResidentId.MaskAll(identity.CreditCode ?? identity.IdNumber ?? "?"), CreditProofClaims.Roles.Subject, AuditOutcome.Denied, problem.ToString());

    public static string ProtectTotpSecret(IServiceProvider services, byte[] secret) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(TotpPurpose).Protect(Convert.ToBase64String(secret));

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
