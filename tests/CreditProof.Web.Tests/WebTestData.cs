using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests;

/// <summary>Data the web tests add to the demo database.</summary>
public static class WebTestData
{
    /// <summary>A new enterprise in Taiyuan with one 2026 penalty of the Taiyuan market regulation bureau.</summary>
    public static async Task<(string SubjectCode, Guid RecordId)> SubjectWithTaiyuanPenaltyAsync(CreditProofWebFactory factory, DateOnly? decided = null)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var unit = await db.Units.SingleAsync(u => u.Name == "太原市市场监督管理局");
        var n = Random.Shared.Next(1_000_000, 9_999_999);
        var code = Identifiers.CreditCode.Compose('9', '1', "140105", $"M{n}");
        var subject = new CreditProof.Subjects.Subject { Id = Guid.NewGuid(), Code = code, Name = $"太原测试{n}商贸有限公司", Type = Identifiers.SubjectType.Enterprise, RegionCode = "140105" };
        db.Subjects.Add(subject);
        var record = new PenaltyRecord
        {
            Id = Guid.NewGuid(), SubjectId = subject.Id, SubjectName = subject.Name, UnitId = unit.Id, DomainId = unit.DomainId,
            DocumentNumber = $"并市监罚〔2026〕{n}号", DecisionDate = decided ?? new DateOnly(2026, 3, 5), Category = "罚款", FineFen = 2_000_000, Content = "罚款人民币20000元",
            Procedure = Procedure.Ordinary, Severity = Severity.General, Channel = Channel.OnlineEntry, ReceivedAt = DateTime.UtcNow.AddMinutes(-1), UpdatedAt = DateTime.UtcNow.AddMinutes(-1),
        };
        db.Records.Add(record);
        db.RecordVersions.Add(new RecordVersion
        {
            RecordId = record.Id, Version = 1, Change = ChangeKind.Created, ChangedBy = "test", Channel = Channel.OnlineEntry, ChangedAt = DateTime.UtcNow.AddMinutes(-1),
            SnapshotJson = RecordSnapshot.ToJson(RecordSnapshot.Capture(record)),
        });
        await db.SaveChangesAsync();
        return (code, record.Id);
    }

    public static async Task<HttpClient> StaffAsync(CreditProofWebFactory factory, string user, string password)
    {
        var client = factory.CreateClient();
        await SignInStaffAsync(factory, client, user, password);
        return client;
    }

    /// <summary>Password, then — for the demo operator and auditor, who must use TOTP — the code from the demo's known secret.</summary>
    public static async Task<HttpResponseMessage> SignInStaffAsync(CreditProofWebFactory factory, HttpClient client, string user, string password)
    {
        var response = await Forms.PostAsync(client, "/signin/staff", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password });
        var landed = response.StatusCode == System.Net.HttpStatusCode.Redirect ? response.Headers.Location?.OriginalString : response.RequestMessage?.RequestUri?.PathAndQuery;
        if (CreditProof.Web.SignIn.DemoAccounts.TotpSecretOf(user) is not { } secret || landed?.StartsWith("/signin/totp", StringComparison.Ordinal) != true)
            return response;
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        return await Forms.PostAsync(client, landed, new Dictionary<string, string> { ["Code"] = CreditProof.Accounts.Totp.Code(secret, now) });
    }

    public static async Task<HttpClient> SubjectAsync(CreditProofWebFactory factory, string code)
    {
        var client = factory.CreateClient();
        await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        return client;
    }
}
