using System.Security.Cryptography;
using System.Text;
using CreditProof.Accounts;
using CreditProof.Identifiers;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.RelyingParties;

public sealed record IssuedPartyKey(int Id, string Key, string Prefix, IReadOnlyList<string> Scopes);

/// <summary>Who presented a relying party's API key: the organisation, its limit and the key's scopes.</summary>
public sealed record PartyKeyOwner(int KeyId, string KeyPrefix, int RelyingPartyId, string Name, int RequestsPerMinute, IReadOnlyList<string> Scopes);

/// <summary>
/// The operator's register of relying parties (报告使用方): organisations, their staff accounts (role
/// <see cref="StaffRole.RelyingPartyStaff"/>, bound to the organisation), their API keys with scopes (hash stored,
/// secret shown once, revocable, as for units' keys) and their webhook secret (shown once, stored encrypted).
/// </summary>
public sealed class RelyingPartyRegistry(CreditProofDbContext db, MasterKey masterKey, TimeProvider time)
{
    public const string KeyPrefix = "cprp_";
    public const int DefaultRequestsPerMinute = 120;

    public async Task<RelyingParty> RegisterAsync(string name, string creditCode, RelyingPartyKind kind, int? requestsPerMinute, string by, CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 200)
            throw new WorkflowRefusedException("请填写使用方名称（不超过200字）", "give the organisation's name (at most 200 characters)");
        var check = CreditCode.Check(creditCode);
        if (!check.IsValid)
            throw new WorkflowRefusedException($"统一社会信用代码无效：{check.ProblemZh}", $"the unified social credit code is not valid: {check.ProblemEn}");
        if (!Enum.IsDefined(kind))
            throw new WorkflowRefusedException("使用方类型应为金融机构、招标投标平台、政府采购单位、主管部门或外省信用平台",
                "the kind must be bank, bidding-platform, procurement-body, authority or other-province");
        var limit = requestsPerMinute ?? DefaultRequestsPerMinute;
        if (limit is < 1 or > 100_000)
            throw new WorkflowRefusedException("每分钟请求上限须为1至100000", "requests per minute must be 1 to 100000");
        var code = check.Normalized;
        if (await db.RelyingParties.AnyAsync(p => p.CreditCode == code, ct))
            throw new WorkflowRefusedException($"统一社会信用代码为{code}的使用方已登记", $"a relying party with code {code} is already registered");
        var party = new RelyingParty
        {
            Name = name, CreditCode = code, Kind = kind, RequestsPerMinute = limit, CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = by,
        };
        db.RelyingParties.Add(party);
        await db.SaveChangesAsync(ct);
        return party;
    }

    public Task<List<RelyingParty>> ListAsync(CancellationToken ct = default) => db.RelyingParties.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);

    public async Task<RelyingParty> GetAsync(int id, CancellationToken ct = default) =>
        await db.RelyingParties.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new WorkflowRefusedException("使用方不存在", "no such relying party");

    /// <summary>A staff account for the organisation (password policy, unique user name: <see cref="StaffAdministration"/>).</summary>
    public async Task<StaffAccount> AddStaffAsync(int relyingPartyId, string userName, string displayName, string password, CancellationToken ct = default)
    {
        await GetAsync(relyingPartyId, ct);
        var (account, problem) = await new StaffAdministration(db, time).AddRelyingPartyStaffAsync(relyingPartyId, userName, displayName, password, ct);
        return account ?? throw new WorkflowRefusedException(problem!.Zh, problem.En);
    }

    public async Task<IssuedPartyKey> IssueKeyAsync(int relyingPartyId, string? scopes, string? label, string issuedBy, CancellationToken ct = default)
    {
        await GetAsync(relyingPartyId, ct);
        var (parsed, unknown) = RelyingPartyScopes.Parse(scopes);
        if (parsed is null)
            throw new WorkflowRefusedException($"未知的权限范围“{unknown}”；可选：{string.Join(", ", RelyingPartyScopes.All)}", $"unknown scope '{unknown}'; choose from {string.Join(", ", RelyingPartyScopes.All)}");
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var entity = new RelyingPartyApiKey
        {
            RelyingPartyId = relyingPartyId, Prefix = key[..13], Hash = Hash(key), Scopes = string.Join(',', parsed),
            Label = string.IsNullOrWhiteSpace(label) ? null : label.Trim()[..Math.Min(200, label.Trim().Length)],
            IssuedBy = issuedBy, IssuedAt = time.GetUtcNow().UtcDateTime,
        };
        db.RelyingPartyApiKeys.Add(entity);
        await db.SaveChangesAsync(ct);
        return new IssuedPartyKey(entity.Id, key, entity.Prefix, parsed);
    }

    public async Task RevokeKeyAsync(int relyingPartyId, int keyId, string revokedBy, CancellationToken ct = default)
    {
        var key = await db.RelyingPartyApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.RelyingPartyId == relyingPartyId && k.RevokedAt == null, ct)
            ?? throw new WorkflowRefusedException("没有这个有效的接口密钥", "no such active API key");
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        key.RevokedBy = revokedBy;
        await db.SaveChangesAsync(ct);
    }

    public Task<List<RelyingPartyApiKey>> KeysAsync(int relyingPartyId, CancellationToken ct = default) =>
        db.RelyingPartyApiKeys.AsNoTracking().Where(k => k.RelyingPartyId == relyingPartyId).OrderBy(k => k.Id).ToListAsync(ct);

    /// <summary>The organisation of a presented key, or null for an unknown or revoked key, or a disabled organisation.</summary>
    public async Task<PartyKeyOwner?> FindOwnerAsync(string presentedKey, CancellationToken ct = default)
    {
        if (!presentedKey.StartsWith(KeyPrefix, StringComparison.Ordinal) || presentedKey.Length < 20)
            return null;
        var hash = Hash(presentedKey);
        var key = await db.RelyingPartyApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null && k.RelyingParty.DisabledAt == null)
            .Select(k => new { k.Id, k.Prefix, k.RelyingPartyId, k.RelyingParty.Name, k.RelyingParty.RequestsPerMinute, k.Scopes })
            .SingleOrDefaultAsync(ct);
        return key is null ? null : new PartyKeyOwner(key.Id, key.Prefix, key.RelyingPartyId, key.Name, key.RequestsPerMinute, key.Scopes.Split(','));
    }

    /// <summary>Sets where change notices go and makes a new secret, returned once; null URL: notices in the inbox only.</summary>
    public async Task<string?> SetWebhookAsync(int relyingPartyId, string? url, CancellationToken ct = default)
    {
        var party = await GetAsync(relyingPartyId, ct);
        if (string.IsNullOrWhiteSpace(url))
        {
            party.WebhookUrl = null;
            party.WebhookSecret = null;
            await db.SaveChangesAsync(ct);
            return null;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            || uri.AbsoluteUri.Length > 500)
            throw new WorkflowRefusedException("回调地址须为https地址（不超过500字符）", "the webhook address must be an https URL (at most 500 characters)");
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        party.WebhookUrl = uri.AbsoluteUri;
        party.WebhookSecret = masterKey.Encrypt(Encoding.UTF8.GetBytes(secret), SecretKeyId(party.Id));
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>The organisation's webhook secret in the clear, to sign a delivery.</summary>
    public string WebhookSecretOf(RelyingParty party) =>
        Encoding.UTF8.GetString(masterKey.Decrypt(party.WebhookSecret ?? throw new InvalidOperationException($"Relying party {party.Id} has no webhook secret."), SecretKeyId(party.Id)));

    private static string SecretKeyId(int id) => "relying-party-webhook:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
