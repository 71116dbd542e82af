using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class PortalTests(PortalFixture portal)
{
    [Fact]
    public async Task The_home_page_speaks_chinese_and_fits_a_phone()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("专项信用报告", await page.Locator("h1").First.InnerTextAsync());
        Assert.Equal("480", await page.GetByTestId("units").InnerTextAsync());
        await PortalFixture.ScreenshotAsync(page, "home");

        var phone = await portal.NewPageAsync(390, 844);
        await phone.GotoAsync("/");
        var overflow = await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the home page scrolls sideways at phone width");
        await PortalFixture.ScreenshotAsync(phone, "home-phone");
    }

    [Fact]
    public async Task A_subject_signs_in_and_sees_its_records_by_domain()
    {
        var (code, name, _) = FindObjectableRecord();
        var page = await SignInSubjectAsync(code);
        Assert.Equal(name, await page.GetByTestId("subject-name").InnerTextAsync());
        Assert.True(await page.Locator("tr[data-record]").CountAsync() >= 1);
        await PortalFixture.ScreenshotAsync(page, "my-credit");
    }

    [Fact]
    public async Task An_objection_walks_from_the_subject_to_the_units_correction()
    {
        var (code, _, recordId) = FindObjectableRecord();

        var subject = await SignInSubjectAsync(code);
        await subject.GotoAsync($"/me/records/{recordId}");
        await subject.GetByLabel("异议理由").FillAsync("罚款金额登记有误，请核实");
        // Evidence: the unit and the operator open it (issue 17).
        await subject.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "缴款凭证.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% receipt\n"u8.ToArray() });
        await subject.GetByTestId("submit-objection").ClickAsync();
        await Assertions.Expect(subject.GetByTestId("message")).ToContainTextAsync("异议已提交");
        await PortalFixture.ScreenshotAsync(subject, "objection-submitted");

        var operatorPage = await SignInStaffAsync("operator", "Demo-Operator-2026");
        await operatorPage.GotoAsync("/operator/objections");
        var card = operatorPage.Locator("section[data-objection]").Filter(new LocatorFilterOptions { HasText = "罚款金额登记有误" });
        await card.GetByTestId("accept").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("message")).ToBeVisibleAsync();

        var unit = await SignInStaffAsync("unit-ty-market", "Demo-Unit-2026");
        await unit.GotoAsync("/unit/inbox");
        var item = unit.Locator("section[data-objection]").Filter(new LocatorFilterOptions { HasText = "罚款金额登记有误" });
        var evidence = await unit.RunAndWaitForDownloadAsync(() => item.GetByTestId("evidence-link").ClickAsync());
        Assert.Equal("缴款凭证.pdf", evidence.SuggestedFilename);
        await item.Locator("select[name=decision]").SelectOptionAsync("Correct");
        await item.Locator("textarea[name=reason]").FillAsync("经核查，罚款金额应为0.1万元");
        await item.Locator("input[name=content]").FillAsync("罚款人民币1000元");
        await item.Locator("input[name=fineWanYuan]").FillAsync("0.1");
        await PortalFixture.ScreenshotAsync(unit, "unit-inbox");
        await item.GetByTestId("decide").ClickAsync();
        await Assertions.Expect(unit.GetByTestId("message")).ToBeVisibleAsync();

        await subject.GotoAsync($"/me/records/{recordId}");
        await Assertions.Expect(subject.GetByTestId("content")).ToHaveTextAsync("罚款人民币1000元");
        await Assertions.Expect(subject.GetByTestId("version")).ToHaveTextAsync("2");
        await Assertions.Expect(subject.GetByTestId("objection-status").First).ToHaveTextAsync("已更正");
        await PortalFixture.ScreenshotAsync(subject, "record-corrected");
    }

    [Fact]
    public async Task A_subject_is_refused_the_operators_desk()
    {
        var (code, _, _) = FindObjectableRecord();
        var page = await SignInSubjectAsync(code);
        var response = await page.GotoAsync("/operator/objections");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("没有访问此页面的权限");
        await PortalFixture.ScreenshotAsync(page, "forbidden");
    }

    private Task<IPage> SignInSubjectAsync(string code) => portal.SignInSubjectAsync(code);

    private Task<IPage> SignInStaffAsync(string user, string password) => portal.SignInStaffAsync(user, password);

    private (string Code, string Name, string RecordId) FindObjectableRecord()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(portal.DataDirectory, "creditproof.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.Code, s.Name, r.Id FROM records r
            JOIN subjects s ON s.Id = r.SubjectId JOIN units u ON u.Id = r.UnitId
            WHERE u.Name = '太原市市场监督管理局' AND r.Status = 1 AND r.Type = 1
              AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.RecordId = r.Id)
            ORDER BY r.Id LIMIT 1 OFFSET $offset
            """;
        command.Parameters.AddWithValue("$offset", Interlocked.Increment(ref _offset) - 1);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "the demo data has no penalty of 太原市市场监督管理局 left to object to");
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2).ToLowerInvariant());
    }

    private static int _offset;
}
