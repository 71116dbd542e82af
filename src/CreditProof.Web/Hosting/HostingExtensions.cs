using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CreditProof.Platform;
using CreditProof.Privacy;
using CreditProof.Storage;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.WebEncoders;

namespace CreditProof.Web.Hosting;

public static class HostingExtensions
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>The database and health checks; the platform's options and clock come with <c>AddCreditProofCore</c>.</summary>
    public static WebApplicationBuilder AddCreditProofHost(this WebApplicationBuilder builder)
    {
        // First: the cookie policy and every feature read the base URL.
        builder.DerivePublicBaseUrl();
        var dataDirectory = builder.Configuration.GetSection(PlatformOptions.Section)[nameof(PlatformOptions.DataDirectory)] ?? "data";
        var settings = CreditProofDatabase.Settings(builder.Configuration["Database:Provider"],
            builder.Configuration.GetConnectionString("CreditProof"), dataDirectory, builder.Configuration["CreditProof:PdfStore:Path"], builder.Configuration.GetConnectionString("CreditProofReadOnly"));

        builder.Services.AddSingleton(TimeProvider.System);
        // Every provider the host has (console, debug, event source): no log line carries a full ID number.
        builder.Logging.MaskPersonalData();
        builder.Services.AddCreditProofDatabase(settings);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // One key ring for all web nodes, in the database, encrypted at rest.
        builder.Services.AddSharedDataProtection();
        builder.AddTrustedProxies();
        return builder;
    }

    public static WebApplicationBuilder AddCreditProofWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // Chinese first: the users are in Shanxi. English on request (cookie, query string or browser).
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
            ];
        });
        builder.Services.AddRazorPages().AddViewLocalization();
        builder.Services.AddSingleton<Guides.GuideCatalog>();
        builder.Services.AddSingleton<Guides.PublicNotices>();
        // No page posts jQuery's "a[b]" keys, and the normalisers throw on a malformed one ("a[" answered 500).
        builder.Services.Configure<MvcOptions>(o =>
        {
            o.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            o.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });
        builder.Services.AddExceptionHandler<RequestErrors>();
        builder.Services.AddCors(o => o.AddPolicy(Policies.PublicCors, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD")));
        // Chinese text goes out as text, not as &#x...; escapes: smaller pages, readable source.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        var secure = CookieSecurity(builder.Configuration);
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = secure);
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Every endpoint states who may use it; anything that forgets is closed, not open.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Public, p => p.RequireAssertion(_ => true));
        return builder;
    }

    public static WebApplication UseCreditProofWeb(this WebApplication app)
    {
        app.WarnOnUnreachablePublicBaseUrl();
        // First: everything after it (rate limits, HTTPS, cookies, logs) sees the client, not the proxy.
        app.UseTrustedProxies();
        // Several nodes behind a load balancer: CreditProof:NodeName names the node that answered (X-CreditProof-Node).
        if (app.Configuration["CreditProof:NodeName"] is { Length: > 0 } node)
            app.Use((context, next) =>
            {
                context.Response.Headers["X-CreditProof-Node"] = node;
                return next(context);
            });
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                // RequestErrors writes the one log line an exception gets; the default entry would add the full exception again.
                SuppressDiagnosticsCallback = _ => true,
            });
        // Only when the request came over HTTPS (directly, or X-Forwarded-Proto from a trusted proxy); never for localhost.
        app.UseHsts();
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseNoStoreByDefault();
        app.UseRouting();
        app.UseCors();
        // Every cookie (sign-in, antiforgery, culture, kiosk) gets the Secure flag of CookieSecurity.
        app.UseCookiePolicy();
        app.UseAuthentication();
        app.UseAuditTrail();
        app.UseTotpEnrolment();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapCreditProofWeb(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
        }).RequireAuthorization(Policies.Public);
        app.MapGet("/culture/{name}", SetCulture).RequireAuthorization(Policies.Public);
        // The published guides are at /guide; /help is the address people try first.
        app.MapGet("/help", () => TypedResults.LocalRedirect("/guide")).AllowAnonymous().RequireAuthorization(Policies.Public);
        // Unknown addresses get the friendly 404 page rather than a sign-in challenge.
        app.MapFallback(() => TypedResults.NotFound()).RequireAuthorization(Policies.Public);
        return app;
    }

    /// <summary>
    /// Cookies are Secure always — the platform runs behind TLS, often terminated at a proxy, where the request to the
    /// host is plain HTTP — except for the embedded demo on a plain-HTTP address (<c>./scripts/run.sh</c>, also with
    /// <c>URLS=http://192.168.1.5:8080</c> on a local network, where Secure cookies would make signing in impossible).
    /// </summary>
    public static CookieSecurePolicy CookieSecurity(IConfiguration config)
    {
        var section = config.GetSection(PlatformOptions.Section);
        var demo = bool.TryParse(section[nameof(PlatformOptions.Demo)], out var d) && d;
        var baseUrl = section[nameof(PlatformOptions.PublicBaseUrl)] ?? new PlatformOptions().PublicBaseUrl;
        var plainHttp = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp;
        return demo && plainHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult SetCulture(string name, string? returnUrl, HttpContext context)
    {
        var culture = Cultures.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return TypedResults.LocalRedirect(LocalReturnUrl(returnUrl));
    }

    /// <summary>
    /// A return address as a Location header can carry it: local only (not <c>//host</c> or <c>/\host</c>, which
    /// LocalRedirect refuses by throwing), no control characters, non-ASCII (a Chinese search) percent-encoded — a raw
    /// one made the header invalid and the switch answered 500.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl)
    {
        if (returnUrl is not { Length: > 1 } || returnUrl[0] != '/' || returnUrl[1] is '/' or '\\' || returnUrl.Any(char.IsControl))
            return "/";
        return Uri.TryCreate(new Uri("http://localhost"), returnUrl, out var uri) && uri.Host == "localhost" ? uri.PathAndQuery + uri.Fragment : "/";
    }

    private sealed class DatabaseHealthCheck(CreditProofDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
    }
}

/// <summary>Authorization policy names. Every endpoint and page names one of these.</summary>
public static class Policies
{
    /// <summary>Open to anyone, deliberately: the home page, health, sign-in, verification.</summary>
    public const string Public = "Public";

    /// <summary>
    /// CORS for the public, cookie-less well-known documents (trust list, status list, tree head): any origin may GET
    /// them, so a verifier running in a browser can (draft-ietf-oauth-status-list §8.1). Never on an endpoint that reads
    /// a cookie.
    /// </summary>
    public const string PublicCors = "PublicCors";

    /// <summary>A signed-in credit subject acting for itself.</summary>
    public const string Subject = "Subject";

    /// <summary>Staff of a data source unit, acting for that unit only.</summary>
    public const string Unit = "Unit";

    /// <summary>Service-window staff (政务服务窗口).</summary>
    public const string Window = "Window";

    /// <summary>The platform operator.</summary>
    public const string Operator = "Operator";

    /// <summary>Auditors (and operators) reading the audit trail.</summary>
    public const string Auditor = "Auditor";

    /// <summary>Any staff member.</summary>
    public const string Staff = "Staff";

    /// <summary>Whoever has an inbox: a signed-in subject, or unit staff.</summary>
    public const string Inbox = "Inbox";

    /// <summary>Who may open workflow evidence: a subject, unit staff or the operator (the file's owner is checked per file).</summary>
    public const string Evidence = "Evidence";

    /// <summary>Staff of a relying party (报告使用方), signed in, acting for their organisation only.</summary>
    public const string RelyingPartyStaff = "RelyingPartyStaff";
}
