using System.Security.Cryptography;

namespace CreditProof.Accounts;

/// <summary>A local account for staff: data source units, service windows, operators, auditors. Subjects sign in through the province's identity provider.</summary>
public sealed class StaffAccount
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public StaffRole Role { get; set; }

    /// <summary>For unit staff: the data source unit they act for.</summary>
    public int? UnitId { get; set; }

    /// <summary>For relying-party staff: the organisation (报告使用方) they act for.</summary>
    public int? RelyingPartyId { get; set; }

    /// <summary><see cref="PasswordHashing"/> format: algorithm, iterations, salt and hash.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>The TOTP secret, protected by the host (never stored or logged in the clear).</summary>
    public string? ProtectedTotpSecret { get; set; }

    public bool TotpEnabled => ProtectedTotpSecret is not null;

    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }

    public bool Disabled { get; set; }

    /// <summary>
    /// Carried in every session cookie and compared on each request: a new stamp (disable, password reset, sign-out)
    /// ends every session of the account at once, including copies of a cookie.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

public enum StaffRole
{
    /// <summary>数源单位工作人员</summary>
    UnitStaff = 1,

    /// <summary>服务窗口工作人员</summary>
    WindowStaff = 2,

    /// <summary>平台运营人员</summary>
    Operator = 3,

    /// <summary>审计人员</summary>
    Auditor = 4,

    /// <summary>报告使用方工作人员 (a bank's, a bidding platform's, an authority's staff)</summary>
    RelyingPartyStaff = 5,
}
