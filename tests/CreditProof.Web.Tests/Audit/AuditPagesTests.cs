using System.Net;
using CreditProof.Audit;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using nietras.SeparatedValues;

namespace CreditProof.Web.Tests.Audit;

/// <summary>The web's audit trail: staff reads and changes, sign-ins, refusals; the auditor's desk and its export.</summary>
public sealed class AuditPagesTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task A_window_read_of_a_subject_is_audited_with_actor_role_and_subject()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subjectId = await WithDb(db => db.Subjects.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());
        var window = await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026");
        Assert.Equal(HttpStatusCode.OK, (await window.GetAsync($"/window/subjects/{subjectId}")).StatusCode);

        var entry = await WithDb(db => db.AuditEntries.Where(e => e.SubjectId == subjectId && e.Actor == "window").OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(("window", AuditOutcome.Succeeded, "request"), (entry.Role, entry.Outcome, entry.ObjectType));
        Assert.Equal("GET /window/subjects/{id:guid}", entry.Action);
        Assert.Contains(subjectId.ToString(), entry.ObjectId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_ins_are_audited_whether_they_succeed_or_fail_and_a_subject_refused_a_staff_page_too()
    {
        var client = factory.CreateClient();
        await Forms.PostAsync(client, "/signin/staff", new Dictionary<string, string> { ["UserName"] = "operator", ["Password"] = "wrong-password-1" });
        await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var failed = await WithDb(db => db.AuditEntries.Where(e => e.Action == "sign-in" && e.Actor == "operator" && e.Outcome == AuditOutcome.Failed).CountAsync());
        var succeeded = await WithDb(db => db.AuditEntries.Where(e => e.Action == "sign-in" && e.Actor == "operator" && e.Outcome == AuditOutcome.Succeeded).CountAsync());
        Assert.True(failed >= 1 && succeeded >= 1, $"failed {failed}, succeeded {succeeded}");

        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, code);
        Assert.True(await WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "sign-in" && e.Role == "subject" && e.Actor == "subject:" + code)));
        var refused = await subject.GetAsync("/audit");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.True(await WithDb(db => db.AuditEntries.AnyAsync(e => e.Role == "subject" && e.Action == "GET /audit" && e.Outcome == AuditOutcome.Denied)));
    }

    [Fact]
    public async Task The_auditor_searches_verifies_the_chain_and_exports_the_filtered_entries_as_csv()
    {
        var operatorClient = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        await operatorClient.GetAsync("/operator/units");
        var auditor = await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");

        var page = await auditor.GetStringAsync("/audit?actor=operator");
        Assert.Contains("data-testid=\"audit-entries\"", page, StringComparison.Ordinal);
        Assert.Contains("GET /operator/units", page, StringComparison.Ordinal);

        var verified = await Forms.PostAsync(auditor, "/audit", new Dictionary<string, string>(), "/audit?handler=Verify");
        var html = await verified.Content.ReadAsStringAsync();
        Assert.Contains("data-intact=\"true\"", html, StringComparison.Ordinal);

        var csv = await auditor.GetAsync("/audit?handler=Csv&actor=operator");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        using var reader = Sep.Reader().FromText(text.TrimStart('\uFEFF'));
        var rows = reader.Enumerate(r => (Actor: r["actor"].ToString(), Action: r["action"].ToString())).ToList();
        Assert.Contains(rows, r => r.Actor == "operator" && r.Action.StartsWith("GET /operator/units", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal("operator", r.Actor));
        // The export itself is audited.
        Assert.True(await WithDb(db => db.AuditEntries.AnyAsync(e => e.Actor == "auditor" && e.Action == "GET /audit?handler=Csv")));
    }

    [Fact]
    public async Task The_auditors_desk_answers_malformed_filters_with_the_page_not_an_error()
    {
        var auditor = await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");
        foreach (var query in new[] { "since=not-a-date&outcome=999&before=x", "subject=91140105MA0XXX9Q00", "actor=%00%FF&action=" + new string('a', 5000) })
        {
            var response = await auditor.GetAsync("/audit?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains("没有找到匹配的信用主体", await auditor.GetStringAsync("/audit?subject=91140105MA0XXX9Q00"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/audit?handler=Csv&since=2026-13-45")).StatusCode);
    }

    private async Task<T> WithDb<T>(Func<CreditProofDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>());
    }
}
