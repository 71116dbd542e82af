using System.Net;
using System.Text;
using CreditProof.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Hosting;

/// <summary>
/// Issue 19: the data protection key ring lives in the database, encrypted under the key-encryption key, so a sign-in
/// cookie made by one web node is accepted by another on the same database — and is refused by a node on another one.
/// </summary>
public sealed class SharedDataProtectionTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task A_cookie_from_one_node_signs_the_user_in_on_a_second_node_on_the_same_database()
    {
        var cookies = await SignedInCookiesAsync();

        await using var second = new SecondNode(factory.DataDirectory);
        using var client = second.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var response = await client.GetAsync("/me/reports");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A form rendered by the first node and posted to the second passes the second's antiforgery check: a report is issued.
        using var first = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var token = Forms.TokenOf(await first.GetStringAsync("/me/reports/new"), "/me/reports/new");
        using var issued = await client.PostAsync("/me/reports/new", new FormUrlEncodedContent(
        [
            new("Form.Domains", "market-regulation"), new("Form.Period", "3"), new("Form.Purpose", "bidding"), new("__RequestVerificationToken", token),
        ]));
        Assert.True(issued.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.SeeOther, issued.StatusCode.ToString());
        var body = await issued.Content.ReadAsStringAsync();
        Assert.DoesNotContain("antiforgery", body, StringComparison.OrdinalIgnoreCase);

        // The key ring is in the database, and its rows hold no readable key material.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var rows = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.DoesNotContain("masterKey", Encoding.UTF8.GetString(r.EncryptedXml), StringComparison.OrdinalIgnoreCase));
        Assert.All(rows, r => Assert.DoesNotContain("<key", Encoding.UTF8.GetString(r.EncryptedXml), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_on_another_database_refuses_the_cookie()
    {
        var cookies = await SignedInCookiesAsync();

        await using var other = new CreditProofWebFactory();
        using var client = other.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var response = await client.GetAsync("/me/reports");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/signin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>A subject signed in through the first node; the cookies in a container another node's client can use.</summary>
    private async Task<CookieContainer> SignedInCookiesAsync()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var cookies = new CookieContainer();
        using var client = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        using var response = await client.GetAsync("/me/reports");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return cookies;
    }

    private sealed class SecondNode(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", "sqlite");
            builder.UseSetting("CreditProof:DataDirectory", dataDirectory);
            builder.UseSetting("CreditProof:Demo", "true");
            builder.UseSetting("CreditProof:DemoSubjects", CreditProofWebFactory.DemoSubjects.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
