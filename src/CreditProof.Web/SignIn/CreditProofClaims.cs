using System.Security.Claims;

namespace CreditProof.Web.SignIn;

/// <summary>The claims a signed-in person carries: a role, and the subject or unit they act for.</summary>
public static class CreditProofClaims
{
    public const string SubjectId = "cp:subject_id";
    public const string SubjectCode = "cp:subject_code";
    public const string UnitId = "cp:unit_id";
    public const string RelyingPartyId = "cp:relying_party_id";
    public const string StaffId = "cp:staff_id";
    public const string SecurityStamp = "cp:security_stamp";

    /// <summary>Present with value <c>totp</c> when the staff session was opened with a TOTP code (or right after enrolling one).</summary>
    public const string SecondFactor = "cp:second_factor";

    public static class Roles
    {
        public const string Subject = "subject";
        public const string Unit = "unit";
        public const string Window = "window";
        public const string Operator = "operator";
        public const string Auditor = "auditor";
        public const string RelyingParty = "relying-party";

        public static string Of(Accounts.StaffRole role) => role switch
        {
            Accounts.StaffRole.UnitStaff => Unit,
            Accounts.StaffRole.WindowStaff => Window,
            Accounts.StaffRole.Operator => Operator,
            Accounts.StaffRole.Auditor => Auditor,
            Accounts.StaffRole.RelyingPartyStaff => RelyingParty,
        };
    }

    /// <summary>A staff member's user name, as audit lines and report requesters record it.</summary>
    public static string StaffUserName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    public static Guid? SubjectIdOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SubjectId), out var id) ? id : null;

    public static int? StaffIdOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(StaffId), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static int? RelyingPartyIdOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(RelyingPartyId), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static int? UnitIdOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(UnitId), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
