using System.Text.RegularExpressions;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Accounts;

/// <summary>Why a staff account could not be created or changed: the field and what to do, in Chinese and English.</summary>
public sealed record StaffProblem(string Field, string Zh, string En);

public sealed record StaffListing(int Id, string UserName, string DisplayName, StaffRole Role, int? UnitId, string? UnitName, bool TotpEnabled, bool Disabled,
    DateTime CreatedAt, DateTime? LastSignInAt)
{
    /// <summary>Operators and auditors must use TOTP (<see cref="StaffAdministration.RequiresTotp"/>).</summary>
    public bool MustEnrolTotp => StaffAdministration.RequiresTotp(Role) && !TotpEnabled;
}

/// <summary>
/// The operator's management of staff accounts (web console and <c>creditproof staff</c>): create, disable, reset,
/// list. Unit staff are bound to one data source unit; others to none. Disabling and resetting give the account a new
/// security stamp (<see cref="StaffSessions"/>), which ends its sessions at once. Each change is audited by the
/// context's audit interceptor under the actor of the request or command.
/// </summary>
public sealed partial class StaffAdministration(CreditProofDbContext db, TimeProvider time)
{
    /// <summary>Two-factor sign-in is required for the roles that see everything.</summary>
    public static bool RequiresTotp(StaffRole role) => role switch
    {
        StaffRole.Operator or StaffRole.Auditor => true,
        StaffRole.UnitStaff or StaffRole.WindowStaff or StaffRole.RelyingPartyStaff => false,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    public Task<(StaffAccount? Account, StaffProblem? Problem)> AddAsync(string userName, string displayName, StaffRole role, string? unitCode, string password,
        CancellationToken ct = default) => AddAsync(userName, displayName, role, unitCode, null, password, ct);

    /// <summary>A staff account of a relying party (报告使用方), bound to it; the caller has checked the organisation exists.</summary>
    public Task<(StaffAccount? Account, StaffProblem? Problem)> AddRelyingPartyStaffAsync(int relyingPartyId, string userName, string displayName, string password,
        CancellationToken ct = default) => AddAsync(userName, displayName, StaffRole.RelyingPartyStaff, null, relyingPartyId, password, ct);

    private async Task<(StaffAccount? Account, StaffProblem? Problem)> AddAsync(string userName, string displayName, StaffRole role, string? unitCode, int? relyingPartyId,
        string password, CancellationToken ct)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        if (!UserNamePattern().IsMatch(name))
            return (null, new("UserName", "用户名为3至100位小写字母、数字、点、下划线或连字符，以字母或数字开头", "a user name is 3 to 100 lower-case letters, digits, dots, underscores or hyphens, starting with a letter or digit"));
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 200)
            return (null, new("DisplayName", "请填写姓名或岗位（最多200字）", "give a name or post (at most 200 characters)"));
        if (!Enum.IsDefined(role))
            return (null, new("Role", "角色应为数源单位、服务窗口、平台运营或审计", "the role must be unit, window, operator or auditor"));
        int? unitId = null;
        if (role == StaffRole.UnitStaff)
        {
            if (string.IsNullOrWhiteSpace(unitCode))
                return (null, new("Unit", "数源单位工作人员须绑定所属单位", "unit staff must be bound to their unit"));
            var code = unitCode.Trim().ToUpperInvariant();
            unitId = await db.Units.Where(u => u.CreditCode == code).Select(u => (int?)u.Id).SingleOrDefaultAsync(ct);
            if (unitId is null)
                return (null, new("Unit", $"数据来源单位“{code}”未在平台登记", $"the data source unit '{code}' is not registered"));
        }
        else if (!string.IsNullOrWhiteSpace(unitCode))
        {
            return (null, new("Unit", "只有数源单位工作人员绑定单位", "only unit staff are bound to a unit"));
        }

        if ((role == StaffRole.RelyingPartyStaff) != (relyingPartyId is not null))
            return (null, new("RelyingParty", "报告使用方工作人员须且只有其须绑定所属使用方", "relying-party staff, and only they, are bound to their organisation"));
        if (PasswordPolicy.Problem(password ?? "", name) is { } weak)
            return (null, new("Password", weak.Zh, weak.En));
        if (await db.StaffAccounts.AnyAsync(a => a.UserName == name, ct))
            return (null, new("UserName", $"用户名“{name}”已存在", $"the user name '{name}' is taken"));

        var account = new StaffAccount
        {
            UserName = name,
            DisplayName = displayName.Trim(),
            Role = role,
            UnitId = unitId,
            RelyingPartyId = relyingPartyId,
            PasswordHash = PasswordHashing.Hash(password!),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.StaffAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return (account, null);
    }

    /// <summary>A new password (policy-checked), two-factor enrolment removed (a lost phone is the usual reason), all sessions ended.</summary>
    public async Task<StaffProblem?> ResetAsync(string userName, string newPassword, CancellationToken ct = default)
    {
        if (PasswordPolicy.Problem(newPassword ?? "", userName ?? "") is { } weak)
            return new("Password", weak.Zh, weak.En);
        return await new StaffSessions(db).ResetPasswordAsync(userName!, newPassword!, ct) ? null : NoSuchAccount(userName!);
    }

    public async Task<StaffProblem?> DisableAsync(string userName, CancellationToken ct = default) =>
        await new StaffSessions(db).DisableAsync(userName, ct) ? null : NoSuchAccount(userName);

    public async Task<IReadOnlyList<StaffListing>> ListAsync(CancellationToken ct = default)
    {
        var accounts = await db.StaffAccounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return [.. accounts.Select(a => new StaffListing(a.Id, a.UserName, a.DisplayName, a.Role, a.UnitId, a.UnitId is { } u ? units.GetValueOrDefault(u) : null,
            a.TotpEnabled, a.Disabled, a.CreatedAt, a.LastSignInAt))];
    }

    private static StaffProblem NoSuchAccount(string userName) => new("UserName", $"没有这个工作人员账号：{userName}", $"no staff account {userName}");
}
