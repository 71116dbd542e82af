namespace CreditProof.Web.SignIn;

/// <summary>
/// Operators and auditors must sign in with two factors (<see cref="Accounts.StaffAdministration.RequiresTotp"/>): one
/// who has no TOTP yet reaches only the enrolment page (and signing out) until the code is set up; every other page
/// sends them there, and APIs answer 403. The Operator and Auditor policies require the claim as well.
/// </summary>
public static class TotpEnrolment
{
    public const string Totp = "totp";
    public const string EnrolPath = "/staff/totp";

    private static readonly string[] Open = [EnrolPath, "/signin", "/signout", "/culture", "/Error", "/forbidden", "/healthz"];

    public static bool MustEnrol(System.Security.Claims.ClaimsPrincipal user) =>
        user.StaffIdOf() is not null
        && (user.IsInRole(CreditProofClaims.Roles.Operator) || user.IsInRole(CreditProofClaims.Roles.Auditor))
        && !user.HasClaim(CreditProofClaims.SecondFactor, Totp);

    public static WebApplication UseTotpEnrolment(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!MustEnrol(context.User) || Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/api"))
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            else
                context.Response.Redirect(EnrolPath + "?required=1");
        });
        return app;
    }
}
