using System.Net;
using CreditProof.Identifiers;
using CreditProof.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.SignIn;

public sealed class SignInTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task An_anonymous_visitor_to_my_credit_is_sent_to_sign_in()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_signs_in_through_the_demo_identity_provider_and_sees_its_records()
    {
        var (code, name) = await SubjectWithRecordsAsync();
        var client = factory.CreateClient();
        var response = await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.Contains("data-record=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_natural_persons_id_number_is_masked_on_my_credit()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var person = await db.Subjects.FirstAsync(s => s.Type == SubjectType.NaturalPerson);
        var id = scope.ServiceProvider.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().Decrypt(person.IdNumberCiphertext!);
        var client = factory.CreateClient();
        var html = await (await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = id })).Content.ReadAsStringAsync();
        Assert.Contains(ResidentId.Mask(id), html, StringComparison.Ordinal);
        Assert.DoesNotContain(id, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_sign_in_with_a_demo_account_reaches_the_workbench_with_its_role()
    {
        var client = factory.CreateClient();
        var response = await WebTestData.SignInStaffAsync(factory, client, "operator", "Demo-Operator-2026");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"staff-role\">平台运营人员<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var client = factory.CreateClient();
        var response = await Forms.PostAsync(client, "/signin/staff", new Dictionary<string, string> { ["UserName"] = "window", ["Password"] = "not-the-password" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("用户名或密码错误", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_may_not_open_the_staff_workbench()
    {
        var (code, _) = await SubjectWithRecordsAsync();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = code });
        var response = await client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/forbidden", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsync("/signin/staff", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "operator", ["Password"] = "Demo-Operator-2026" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<(string Code, string Name)> SubjectWithRecordsAsync()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var subjectId = await db.Records.Where(r => r.Status == Records.LegalStatus.Effective).Select(r => r.SubjectId).FirstAsync();
        var subject = await db.Subjects.SingleAsync(s => s.Id == subjectId);
        return (subject.Code, subject.Name);
    }
}

public sealed class DemoIdentityOutsideDemoModeTests
{
    [Fact]
    public async Task The_demo_identity_provider_does_not_exist_outside_demo_mode()
    {
        using var factory = new MigratedProductionFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/signin/demo")).StatusCode);
        var html = await client.GetStringAsync("/signin");
        Assert.DoesNotContain("data-testid=\"demo-idp\"", html, StringComparison.Ordinal);
    }

    /// <summary>Demo switched off on a database an operator has migrated: production behaviour on SQLite.</summary>
    private sealed class MigratedProductionFactory : CreditProofWebFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["CreditProof:Demo"] = "false";
                var directory = settings["CreditProof:DataDirectory"]!;
                Directory.CreateDirectory(directory);
                var database = new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = DatabaseSettings.DefaultSqliteConnectionString(directory) };
                using var db = CreditProofDatabase.CreateContext(database);
                CreditProofDatabase.MigrateAsync(db).GetAwaiter().GetResult();
                return settings;
            }
        }
    }
}

public sealed class SignOutTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = factory.CreateClient();
        await WebTestData.SignInStaffAsync(factory, client, "auditor", "Demo-Auditor-2026");
        Assert.Contains("data-testid=\"staff-role\"", await client.GetStringAsync("/staff"), StringComparison.Ordinal);
        await Forms.PostAsync(client, "/staff", new Dictionary<string, string>(), "/signin?handler=SignOut");
        Assert.Contains("data-testid=\"signin-link\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
