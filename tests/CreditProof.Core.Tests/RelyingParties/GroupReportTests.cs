using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CreditProof.Notifications;
using CreditProof.RelyingParties;
using CreditProof.Storage;
using CreditProof.Tests.Reports;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.RelyingParties;

/// <summary>Group reports: the parent's report at once, each member's at its consent, and the bundle manifest signed like the twin only when all have consented.</summary>
[Trait("Category", "Database")]
public sealed class GroupReportTests(ReportFixture fixture) : IClassFixture<ReportFixture>, IDisposable
{
    private readonly ServiceProvider _services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, null, s =>
    {
        s.AddSingleton<INotificationChannel, SilentChannel>();
        s.AddScoped<Notifier>();
    });

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Each_member_consents_for_itself_and_the_manifest_lists_every_report_signed_with_the_report_certificate()
    {
        var parent = await fixture.AddSubjectAsync("集团母公司" + Random.Shared.Next(1000, 9999));
        var branch = await fixture.AddSubjectAsync("集团分公司" + Random.Shared.Next(1000, 9999));
        var subsidiary = await fixture.AddSubjectAsync("集团子公司" + Random.Shared.Next(1000, 9999));
        await using var scope = _services.CreateAsyncScope();
        var groups = scope.ServiceProvider.GetRequiredService<GroupReports>();
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.CreateAsync(parent.Id, parent.Code, [(parent.Code, GroupRelation.Branch)], ["market-regulation"], null, null, "投标"));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.CreateAsync(parent.Id, parent.Code, [("91140105MA0000001Y", GroupRelation.Branch)], ["market-regulation"], null, null, "投标"));
        var group = await groups.CreateAsync(parent.Id, parent.Code, [(branch.Code, GroupRelation.Branch), (subsidiary.Code, GroupRelation.Subsidiary)], ["market-regulation"], null, null, "投标");
        Assert.Equal("market-regulation", group.DomainCodes);
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientId == branch.Id.ToString() && n.Link == "group:" + group.Id));

        var branchMember = group.Members.Single(m => m.SubjectId == branch.Id);
        var subsidiaryMember = group.Members.Single(m => m.SubjectId == subsidiary.Id);
        // Nobody consents for another: not the parent, not a sibling.
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.ConsentAsync(parent.Id, branchMember.Id));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.ConsentAsync(subsidiary.Id, branchMember.Id));
        var consented = await groups.ConsentAsync(branch.Id, branchMember.Id);
        Assert.NotNull(consented.ReportNumber);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.ConsentAsync(branch.Id, branchMember.Id));
        var incomplete = await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.ManifestAsync(parent.Id, group.Id));
        Assert.Contains("1 member", incomplete.MessageEn, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.ReportAsync(parent.Id, group.Id, "ABCD-EFGH-JKLM-NPQR"));
        Assert.Equal(branch.Name, (await groups.ReportAsync(parent.Id, group.Id, consented.ReportNumber!)).SubjectName);

        await groups.ConsentAsync(subsidiary.Id, subsidiaryMember.Id);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => groups.ManifestAsync(branch.Id, group.Id));
        var jws = await groups.ManifestAsync(parent.Id, group.Id);

        var parts = jws.Split('.');
        var header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(GroupReports.ManifestType, header.GetProperty("typ").GetString());
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(header.GetProperty("x5c")[0].GetString()!));
        using var key = certificate.GetECDsaPublicKey()!;
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var active = await scope.ServiceProvider.GetRequiredService<CreditProof.Signing.ReportCertificateCache>().GetActiveAsync(db);
        Assert.Equal(active.Signing.Thumbprint, certificate.Thumbprint);

        var manifest = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
        var reports = manifest.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(["parent", "branch", "subsidiary"], reports.Select(r => r.GetProperty("relation").GetString()).OrderBy(r => r == "parent" ? 0 : r == "branch" ? 1 : 2));
        foreach (var r in reports)
        {
            var number = CreditProof.Reports.ReportNumbers.ParseNumber(r.GetProperty("number").GetString()!);
            var stored = await db.IssuedReports.AsNoTracking().SingleAsync(x => x.Number == number);
            Assert.Equal(stored.PdfSha256, r.GetProperty("pdfSha256").GetString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await _services.GetRequiredService<CreditProof.Storage.PdfStore>().ReadAsync(stored))), r.GetProperty("pdfSha256").GetString());
            Assert.Equal("投标", stored.Purpose);
        }
    }

    private static byte[] Base64Url(string s) => System.Buffers.Text.Base64Url.DecodeFromChars(s);

    private sealed class SilentChannel : INotificationChannel
    {
        public Task SendAsync(Notification notification, CancellationToken ct) => Task.CompletedTask;
    }
}
