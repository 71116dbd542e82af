using CreditProof.Accounts;
using CreditProof.RelyingParties;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.RelyingParties;

/// <summary>
/// The demo's relying party (README): a bank with a staff account and an API key of every scope, both with public,
/// known secrets. Created at first start of the embedded demo only, never outside demo mode.
/// </summary>
public static class DemoRelyingParty
{
    public const string Name = "晋商演示银行股份有限公司";
    public const string CreditCode = "91140000MA0DBK0112";
    public const string StaffUser = "rp-bank";
    public const string StaffPassword = "Demo-Bank-2026";
    public const string ApiKey = "cprp_demo-bank-key-2026-public-demo-only";

    public static async Task<string?> EnsureAsync(CreditProofDbContext db, TimeProvider time, CancellationToken ct = default)
    {
        if (await db.RelyingParties.AnyAsync(p => p.CreditCode == CreditCode, ct))
            return null;
        var now = time.GetUtcNow().UtcDateTime;
        var party = new RelyingParty
        {
            Name = Name, CreditCode = CreditCode, Kind = RelyingPartyKind.Bank, RequestsPerMinute = RelyingPartyRegistry.DefaultRequestsPerMinute, CreatedAt = now, CreatedBy = "demo",
        };
        db.RelyingParties.Add(party);
        await db.SaveChangesAsync(ct);
        db.RelyingPartyApiKeys.Add(new RelyingPartyApiKey
        {
            RelyingPartyId = party.Id, Prefix = ApiKey[..13], Hash = RelyingPartyRegistry.Hash(ApiKey), Scopes = string.Join(',', RelyingPartyScopes.All),
            Label = "demo", IssuedBy = "demo", IssuedAt = now,
        });
        if (!await db.StaffAccounts.AnyAsync(a => a.UserName == StaffUser, ct))
        {
            db.StaffAccounts.Add(new StaffAccount
            {
                UserName = StaffUser, DisplayName = "晋商演示银行信贷部（演示）", Role = StaffRole.RelyingPartyStaff, RelyingPartyId = party.Id,
                PasswordHash = PasswordHashing.Hash(StaffPassword, iterations: 100_000), CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        return $"{StaffUser} / {StaffPassword} (relying party {Name}, API key {ApiKey})";
    }
}
