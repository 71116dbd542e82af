using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CreditProof.Signing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CreditProof.Web.Reports;

/// <summary>
/// Operator API key authentication, until the portal's sign-in exists. The request carries the key in
/// <c>X-Api-Key</c> (or <c>Authorization: ApiKey …</c>); configuration holds only its SHA-256 (hex) in
/// <c>CreditProof:OperatorApiKeyHash</c> — create a key and its hash with <c>creditproof keys operator-api-key</c>.
/// </summary>
public static class OperatorApiKey
{
    public const string Scheme = "OperatorApiKey";
    public const string Policy = "OperatorApi";
    public const string HeaderName = "X-Api-Key";

    public static IServiceCollection AddOperatorApiKey(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, null);
        // An operator's API key, or a signed-in operator's session.
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme, Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser().RequireRole(SignIn.CreditProofClaims.Roles.Operator));
        return services;
    }

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var presented = Request.Headers[HeaderName].ToString();
            if (presented.Length == 0 && Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
                presented = auth["ApiKey ".Length..].Trim();
            if (presented.Length == 0)
                return Task.FromResult(AuthenticateResult.NoResult());

            var expected = configuration["CreditProof:OperatorApiKeyHash"];
            if (string.IsNullOrWhiteSpace(expected))
                return Task.FromResult(AuthenticateResult.Fail("No operator API key is configured (CreditProof:OperatorApiKeyHash)."));
            var ok = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(OperatorApiKeys.Hash(presented)), Encoding.ASCII.GetBytes(expected.Trim().ToLowerInvariant()));
            if (!ok)
                return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, SignIn.CreditProofClaims.Roles.Operator)], OperatorApiKey.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorApiKey.Scheme)));
        }
    }
}
