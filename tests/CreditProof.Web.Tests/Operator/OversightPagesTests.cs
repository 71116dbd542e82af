using System.Net.Http.Json;
using System.Net;
using CreditProof.Accounts;
using CreditProof.Notifications;
using CreditProof.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Operator;

/// <summary>The dashboard, the public statistics, staff management and the inbox, through the real host.</summary>
public sealed class OversightPagesTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task Operators_and_auditors_see_the_dashboard_with_a_table_under_every_chart_and_others_do_not()
    {
        var html = await (await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026")).GetStringAsync("/operator/dashboard?Form.By=month");
        foreach (var section in Oversight.DashboardTables.Names)
            Assert.Contains($"data-testid=\"table-{section}\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
        // The demo's units delivered records: the units table is not empty.
        Assert.Contains("太原市市场监督管理局", html, StringComparison.Ordinal);

        var window = await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026");
        var refused = await window.GetAsync("/operator/dashboard");
        Assert.Equal("/forbidden", refused.RequestMessage!.RequestUri!.AbsolutePath);
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/operator/dashboard")).StatusCode);
    }

    [Fact]
    public async Task The_completeness_page_names_the_demos_silent_domain_and_its_units_and_a_report_draws_no_conclusion_for_it()
    {
        // Issue 15 item 2: the demo's 档案管理 units last delivered 60 days ago; every other domain is complete.
        var auditor = await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");
        var html = await auditor.GetStringAsync("/operator/completeness");
        Assert.Contains("data-domain=\"archives\" data-complete=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("data-domain=\"taxation\" data-complete=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("1 个领域（共 40 个）数据暂不完整", html, StringComparison.Ordinal);
        Assert.Matches(@"档案[^<]*</span>\s*: 最近报送 \d{4}-\d\d-\d\d，已 \d+ 个工作日未报送", html);
        // Auditors cannot open a unit's page (operators only), so they get the name without a link.
        Assert.DoesNotContain("/operator/units/", html, StringComparison.Ordinal);
        var english = await auditor.GetStringAsync("/operator/completeness?culture=en");
        Assert.Contains("1 of 40 domains have incomplete data", english, StringComparison.Ordinal);

        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var subject = await WebTestData.SubjectAsync(factory, code);
        var issued = await Forms.PostAsync(subject, "/me/reports/new", [new("Form.Domains", "archives"), new("Form.Domains", "taxation"), new("Form.Period", "3"), new("Form.Purpose", "bidding")]);
        Assert.True(issued.IsSuccessStatusCode || (int)issued.StatusCode is >= 300 and < 400, issued.StatusCode.ToString());
        string qr;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            qr = await db.Set<CreditProof.Reports.IssuedReport>().Where(r => r.SubjectDisplayCode == code).OrderByDescending(r => r.IssuedAt).Select(r => r.QrText).FirstAsync();
        }

        var verified = await factory.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/verify?qr=" + Uri.EscapeDataString(qr));
        var domains = verified.GetProperty("report").GetProperty("domains").EnumerateArray().ToList();
        var archives = domains.Single(d => d.GetProperty("nameEn").GetString() == "archives");
        Assert.True(archives.GetProperty("noConclusion").GetBoolean());
        Assert.False(archives.GetProperty("clean").GetBoolean());
        Assert.True(domains.Single(d => d.GetProperty("nameEn").GetString() == "taxation").GetProperty("clean").GetBoolean());
    }

    [Fact]
    public async Task Bad_filters_are_named_and_replaced_never_a_server_error()
    {
        var client = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var response = await client.GetAsync("/operator/dashboard?Form.From=2026-13-45&Form.To=x&Form.By=hour&Form.City=999999&Form.Domain=-3&Form.Silent=0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var message in new[] { "起始日期格式应为", "截止日期格式应为", "统计周期应为", "没有这个城市", "没有这个领域", "停报天数应在" })
            Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/operator/dashboard?handler=Csv&table=nope")).StatusCode);
    }

    [Fact]
    public async Task Every_table_exports_as_csv_and_all_of_them_as_one_xlsx_that_a_spreadsheet_reader_opens()
    {
        var client = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var csv = await client.GetAsync("/operator/dashboard?handler=Csv&table=units&Form.By=month");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("数源单位,城市,领域,收到记录", text, StringComparison.Ordinal);

        var xlsx = await client.GetAsync("/operator/dashboard?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        using var reader = ExcelDataReader.ExcelReaderFactory.CreateOpenXmlReader(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheets = 0;
        var unitsSheet = false;
        do
        {
            sheets++;
            Assert.True(reader.Read(), "every sheet has its header row");
            unitsSheet |= reader.GetValue(0)?.ToString() == "数源单位" && reader.Read() && reader.GetValue(3) is double;
        }
        while (reader.NextResult());
        Assert.Equal(Oversight.DashboardTables.Names.Length, sheets);
        Assert.True(unitsSheet, "the units sheet has a numeric count of records");
    }

    [Fact]
    public async Task The_public_statistics_need_no_sign_in_and_name_no_subject()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/statistics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"table-monthly\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"table-timeliness\"", html, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var names = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Subjects.Select(s => s.Name).Take(200).ToListAsync();
        Assert.DoesNotContain(names, n => html.Contains(n, StringComparison.Ordinal));
        Assert.Contains("Per month", await client.GetStringAsync("/statistics?culture=en"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_creates_unit_staff_bound_to_their_unit_refuses_weak_passwords_and_disabling_ends_their_sessions()
    {
        var client = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        string unitCode;
        await using (var scope = factory.Services.CreateAsyncScope())
            unitCode = await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Units.Where(u => u.Name == "太原市市场监督管理局").Select(u => u.CreditCode).SingleAsync();
        Dictionary<string, string> Form(string password) => new()
        {
            ["Input.UserName"] = "ty-market-2", ["Input.DisplayName"] = "市场监管科员", ["Input.Role"] = "unit", ["Input.Unit"] = unitCode, ["Input.Password"] = password,
        };

        var weak = await (await Forms.PostAsync(client, "/operator/staff", Form("password1234"), "/operator/staff?handler=Add")).Content.ReadAsStringAsync();
        Assert.Contains("这个密码太常见", weak, StringComparison.Ordinal);
        var named = await (await Forms.PostAsync(client, "/operator/staff", Form("xx-ty-market-2-xx"), "/operator/staff?handler=Add")).Content.ReadAsStringAsync();
        Assert.Contains("密码不能包含用户名", named, StringComparison.Ordinal);
        var noUnit = Form("long and unusual passphrase");
        noUnit["Input.Unit"] = "";
        Assert.Contains("须绑定所属单位", await (await Forms.PostAsync(client, "/operator/staff", noUnit, "/operator/staff?handler=Add")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await (await Forms.PostAsync(client, "/operator/staff", Form("long and unusual passphrase"), "/operator/staff?handler=Add")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"staff-done\"", added, StringComparison.Ordinal);
        var staff = await WebTestData.StaffAsync(factory, "ty-market-2", "long and unusual passphrase");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/unit/inbox")).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var account = await db.StaffAccounts.SingleAsync(a => a.UserName == "ty-market-2");
            Assert.Equal(await db.Units.Where(u => u.CreditCode == unitCode).Select(u => (int?)u.Id).SingleAsync(), account.UnitId);
            // Audited under the operator's name.
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Actor == "operator" && e.ObjectType == nameof(StaffAccount)));
        }

        await Forms.PostAsync(client, "/operator/staff", new Dictionary<string, string> { ["user"] = "ty-market-2" }, "/operator/staff?handler=Disable");
        var after = await staff.GetAsync("/unit/inbox");
        Assert.Contains("/signin", after.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);

        var window = await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026");
        Assert.Equal("/forbidden", (await window.GetAsync("/operator/staff")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_subject_sees_its_messages_with_the_unread_count_and_marks_them_read_but_never_anothers()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var (otherCode, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        long id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var subject = await db.Subjects.SingleAsync(s => s.Code == code);
            var notification = new Notification
            {
                RecipientKind = RecipientKind.Subject, RecipientId = subject.Id.ToString(), TitleZh = "新增行政处罚记录", TitleEn = "A new administrative penalty record",
                BodyZh = "测试正文", BodyEn = "test body", Link = "record:" + Guid.NewGuid(), CreatedAt = DateTime.UtcNow,
            };
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
            id = notification.Id;
        }

        var other = await WebTestData.SubjectAsync(factory, otherCode);
        await Forms.PostAsync(other, "/inbox", new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/inbox?handler=Read");
        var client = await WebTestData.SubjectAsync(factory, code);
        var inbox = await client.GetStringAsync("/inbox");
        Assert.Contains("新增行政处罚记录", inbox, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unread-count\">1<", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("新增行政处罚记录", await other.GetStringAsync("/inbox"), StringComparison.Ordinal);

        await Forms.PostAsync(client, "/inbox", new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/inbox?handler=Read");
        Assert.DoesNotContain("data-testid=\"unread-count\"", await client.GetStringAsync("/inbox"), StringComparison.Ordinal);
        var window = await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026");
        Assert.Equal("/forbidden", (await window.GetAsync("/inbox")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
