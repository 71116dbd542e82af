using System.Net;
using System.Text.RegularExpressions;
using CreditProof.Storage;
using CreditProof.Web.RelyingParties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.RelyingParties;

/// <summary>Group reports on the subject's pages: the parent asks, each member consents when signed in, the parent downloads the signed manifest and the reports.</summary>
public sealed partial class GroupReportPageTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task The_parent_asks_each_member_consents_signed_in_and_the_parent_gets_the_manifest_and_reports()
    {
        var (parentCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var (memberCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var parent = await WebTestData.SubjectAsync(factory, parentCode);
        var bad = await (await Forms.PostAsync(parent, "/me/groups", new Dictionary<string, string> { ["members"] = "123", ["purpose"] = "投标" }, "/me/groups?handler=Create"))
            .Content.ReadAsStringAsync();
        Assert.Contains("无效", bad, StringComparison.Ordinal);
        var created = await (await Forms.PostAsync(parent, "/me/groups",
            new Dictionary<string, string> { ["members"] = memberCode + ",branch", ["domains"] = "market-regulation", ["purpose"] = "投标" }, "/me/groups?handler=Create"))
            .Content.ReadAsStringAsync();
        Assert.Contains("本单位报告已出具", created, StringComparison.Ordinal);
        var groupId = GroupIdPattern().Match(created).Groups[1].Value;
        Assert.NotEmpty(groupId);
        var early = await parent.GetAsync($"/me/groups?handler=Manifest&id={groupId}");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        Guid memberId;
        await using (var scope = factory.Services.CreateAsyncScope())
            memberId = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().GroupMembers.Where(m => m.SubjectCode == memberCode).Select(m => m.Id).SingleAsync();
        // The parent cannot consent for its member.
        var refused = await (await Forms.PostAsync(parent, "/me/groups", [], $"/me/groups?handler=Consent&memberId={memberId}")).Content.ReadAsStringAsync();
        Assert.Contains("没有请您授权的集团报告", refused, StringComparison.Ordinal);

        var member = await WebTestData.SubjectAsync(factory, memberCode);
        Assert.Contains("group-consent-button", await member.GetStringAsync("/me/groups"), StringComparison.Ordinal);
        var consented = await (await Forms.PostAsync(member, "/me/groups", [], $"/me/groups?handler=Consent&memberId={memberId}")).Content.ReadAsStringAsync();
        Assert.Contains("group-consented", consented, StringComparison.Ordinal);

        var manifest = await parent.GetAsync($"/me/groups?handler=Manifest&id={groupId}");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal("application/jose", manifest.Content.Headers.ContentType?.MediaType);
        var payload = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars((await manifest.Content.ReadAsStringAsync()).Split('.')[1])).RootElement;
        Assert.Equal(2, payload.GetProperty("reports").GetArrayLength());
        var memberNumber = payload.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("relation").GetString() == "branch").GetProperty("number").GetString();
        var pdf = await parent.GetAsync($"/me/groups?handler=Pdf&id={groupId}&number={memberNumber}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        // The member does not get the parent's bundle.
        Assert.Equal(HttpStatusCode.Conflict, (await member.GetAsync($"/me/groups?handler=Manifest&id={groupId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/me/groups?handler=Pdf&id={groupId}&number={memberNumber}")).StatusCode);

        var bank = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await WebTestData.SignInStaffAsync(factory, bank, DemoRelyingParty.StaffUser, DemoRelyingParty.StaffPassword);
        Assert.Contains("/forbidden", (await bank.GetAsync("/me/groups")).Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [GeneratedRegex("handler=Pdf&(?:amp;)?id=([0-9a-f-]{36})")]
    private static partial Regex GroupIdPattern();
}
