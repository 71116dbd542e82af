using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Transparency;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Transparency;

/// <summary>The background round sequences at start and then only hourly, so a report stays pending until the test sequences it.</summary>
public sealed class TransparencyWebFactory : CreditProofWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["CreditProof:Verification:RefreshSeconds"] = "3600",
    };
}

public sealed class TransparencyApiTests(TransparencyWebFactory factory) : IClassFixture<TransparencyWebFactory>
{
    [Fact]
    public async Task The_well_known_tree_head_verifies_with_the_published_trust_list_and_proofs_lead_to_its_root()
    {
        var client = factory.CreateClient();
        var first = await IssueAsync();
        await SequenceAsync();
        var head1 = SignedTreeHead.FromJson(await client.GetStringAsync("/.well-known/creditproof/tree-head"));
        var second = await IssueAsync();
        await SequenceAsync();
        var response = await client.GetAsync("/.well-known/creditproof/tree-head");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var head2 = SignedTreeHead.FromJson(await response.Content.ReadAsStringAsync());
        Assert.True(head2.TreeSize > head1.TreeSize);

        var trust = TrustListDocument.Verify(await client.GetStringAsync("/.well-known/creditproof/trust-list.json")).List;
        Assert.Null(head1.Problem(trust));
        Assert.Null(head2.Problem(trust));

        foreach (var number in new[] { first, second })
        {
            var proof = await client.GetFromJsonAsync<InclusionProofDocument>($"/api/v1/transparency/proof/{ReportNumbers.FormatNumber(number)}");
            Assert.NotNull(proof);
            Assert.Equal(head2.TreeSize, proof.TreeSize);
            Assert.Null(proof.TreeHead.Problem(trust));
            // The leaf is recomputed from the report as stored, not taken from the answer.
            Assert.True(MerkleTree.VerifyInclusion(proof.LeafIndex, proof.TreeSize, await LeafOfAsync(number),
                proof.AuditPath.Select(Convert.FromBase64String).ToList(), proof.TreeHead.RootHash));
        }

        var consistency = await client.GetFromJsonAsync<ConsistencyProofDocument>($"/api/v1/transparency/consistency?first={head1.TreeSize}&second={head2.TreeSize}");
        Assert.True(MerkleTree.VerifyConsistency(head1.TreeSize, head2.TreeSize, head1.RootHash, head2.RootHash, consistency!.Hashes()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/transparency/proof/{ReportNumbers.NewNumber()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/transparency/consistency?first=2&second={head2.TreeSize + 5}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/transparency/consistency?first=3&second=2")).StatusCode);

        var openApi = await client.GetStringAsync("/openapi/verify.json");
        Assert.Contains("/api/v1/transparency/proof/{number}", openApi, StringComparison.Ordinal);
        Assert.Contains("/.well-known/creditproof/tree-head", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_shows_a_new_report_as_pending_then_as_recorded_with_its_entry_and_tree_size()
    {
        var client = factory.CreateClient();
        var (number, qr) = await IssueWithQrAsync();
        var fragment = qr[(qr.IndexOf('#', StringComparison.Ordinal) + 1)..];

        var pending = await client.GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(qr));
        Assert.Equal("pending", pending.GetProperty("transparency").GetProperty("state").GetString());
        Assert.Contains("尚未记入签发透明日志（几秒内完成）", await client.GetStringAsync($"/v/{number}?p={Uri.EscapeDataString(fragment)}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/transparency/proof/{number}")).StatusCode);

        await SequenceAsync();
        var included = (await client.GetFromJsonAsync<JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(qr))).GetProperty("transparency");
        Assert.Equal("included", included.GetProperty("state").GetString());
        var index = included.GetProperty("leafIndex").GetInt64();
        var size = included.GetProperty("treeSize").GetInt64();
        var page = await client.GetStringAsync($"/v/{number}?p={Uri.EscapeDataString(fragment)}");
        Assert.Contains($"已记入签发透明日志（第 {index + 1} 条，树大小 {size}）", page, StringComparison.Ordinal);

        var englishPage = await client.GetStringAsync($"/v/{number}?culture=en&p={Uri.EscapeDataString(fragment)}");
        Assert.Contains($"Recorded in the issuance transparency log (entry {index + 1}, tree size {size})", englishPage, StringComparison.Ordinal);
    }

    private async Task<string> IssueAsync() => (await IssueWithQrAsync()).Number;

    private async Task<(string Number, string Qr)> IssueWithQrAsync()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = code, Domains = ["市场监管"], RequestedBy = "test" });
        return (ReportNumbers.ParseNumber(issued.ReportNumber)!, issued.QrText);
    }

    private async Task SequenceAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TransparencyLog>().SequenceAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>());
    }

    private async Task<byte[]> LeafOfAsync(string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number);
        return LogEntry.LeafHash(report);
    }
}
