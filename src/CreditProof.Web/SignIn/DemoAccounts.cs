using CreditProof.Accounts;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.SignIn;

/// <summary>
/// Staff accounts of the embedded demo, with the passwords the README lists. Never created outside demo mode. The
/// operator and auditor must sign in with TOTP, so theirs come with a known TOTP secret (README: add it to an
/// authenticator app); being public, these secrets protect nothing and exist only in the demo.
/// </summary>
public static class DemoAccounts
{
    public static readonly (string UserName, string Password, StaffRole Role, string DisplayName, string? UnitName)[] All =
    [
        ("operator", "Demo-Operator-2026", StaffRole.Operator, "平台运营（演示）", null),
        ("window", "Demo-Window-2026", StaffRole.WindowStaff, "太原市政务服务中心窗口（演示）", null),
        ("auditor", "Demo-Auditor-2026", StaffRole.Auditor, "审计（演示）", null),
        ("unit-ty-market", "Demo-Unit-2026", StaffRole.UnitStaff, "太原市市场监督管理局（演示）", "太原市市场监督管理局"),
        ("unit-sx-tax", "Demo-Unit-2026", StaffRole.UnitStaff, "国家税务总局山西省税务局（演示）", "国家税务总局山西省税务局"),
    ];

    /// <summary>The demo's TOTP secret of an account that must use one, else null (base32 in the README).</summary>
    public static byte[]? TotpSecretOf(string userName) => userName switch
    {
        "operator" => "CreditProof-operator"u8.ToArray(),
        "auditor" => "CreditProof-auditor!"u8.ToArray(),
        _ => null,
    };

    public static async Task<IReadOnlyList<string>> EnsureAsync(CreditProofDbContext db, TimeProvider time, Func<byte[], string> protectTotpSecret, CancellationToken ct = default)
    {
        var created = new List<string>();
        foreach (var (userName, password, role, displayName, unitName) in All)
        {
            if (await db.StaffAccounts.AnyAsync(a => a.UserName == userName, ct))
                continue;
            int? unitId = unitName is null ? null : await db.Units.Where(u => u.Name == unitName).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
            if (role == StaffRole.UnitStaff && unitId is null)
                continue;
            db.StaffAccounts.Add(new StaffAccount
            {
                UserName = userName,
                DisplayName = displayName,
                Role = role,
                UnitId = unitId,
                PasswordHash = PasswordHashing.Hash(password, iterations: 100_000),
                ProtectedTotpSecret = TotpSecretOf(userName) is { } secret ? protectTotpSecret(secret) : null,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            created.Add($"{userName} / {password} ({role})");
        }

        await db.SaveChangesAsync(ct);
        return created;
    }
}
