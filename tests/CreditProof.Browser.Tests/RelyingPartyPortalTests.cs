using Microsoft.Playwright;

namespace CreditProof.Browser.Tests;

/// <summary>
/// Relying parties in the browser, both sides: the bank's staff state what they need as a link and QR code; the subject
/// opens it, sees what will be issued and to whom, consents and issues in one step; the bank sees it fulfilled, opens
/// the report, asks the unit about a record; the unit answers; the bank and the subject read the answer; when the
/// report is suspended by the subject's objection the bank is told, and the subject ends the grant.
/// </summary>
[Trait("Category", "Browser")]
[Collection(PortalCollection.Name)]
public sealed class RelyingPartyPortalTests(PortalFixture portal)
{
    [Fact]
    public async Task A_bank_requests_a_report_the_subject_issues_it_the_unit_explains_a_record_and_the_bank_hears_of_the_objection()
    {
        var (code, document, recordId) = SubjectWithTaiyuanRecord();

        // The bank's side: the request as a link and a QR code.
        var bank = await portal.SignInStaffAsync("rp-bank", "Demo-Bank-2026");
        await bank.GotoAsync("/rp");
        await bank.GetByLabel("用途").FillAsync("流动资金贷款审批");
        await bank.GetByLabel("领域（代码，逗号分隔；不填为全部领域）").FillAsync("market-regulation");
        await bank.Locator("#from").FillAsync("2022-08-01");
        await bank.GetByTestId("create-request").ClickAsync();
        await Assertions.Expect(bank.GetByTestId("request-qr")).ToBeVisibleAsync();
        var link = await bank.GetByTestId("request-link").InnerTextAsync();
        await PortalFixture.ScreenshotAsync(bank, "relying-party-request");

        // The subject's side: sign in, see exactly what and to whom, consent, issue.
        var path = new Uri(link).AbsolutePath;
        var subject = await portal.SignInSubjectAsync(code, path);
        await Assertions.Expect(subject.GetByTestId("party")).ToContainTextAsync("晋商演示银行股份有限公司");
        await Assertions.Expect(subject.GetByTestId("domains")).ToHaveTextAsync("市场监管");
        await subject.GetByTestId("consent-changes").CheckAsync();
        await PortalFixture.ScreenshotAsync(subject, "relying-party-request-subject");
        await subject.GetByTestId("fulfil").ClickAsync();
        await Assertions.Expect(subject.GetByTestId("message")).ToBeVisibleAsync();
        var number = await subject.GetByTestId("issued-number").InnerTextAsync();

        // The bank sees it fulfilled, opens the report and asks about the record.
        await bank.GotoAsync("/rp");
        await Assertions.Expect(bank.GetByTestId("request-row").First.GetByTestId("request-status")).ToHaveTextAsync("已办理");
        await bank.GotoAsync("/rp?number=" + number);
        var ask = bank.Locator($"form[data-testid=ask-form][action*='{recordId}']");
        await ask.Locator("textarea").FillAsync("该罚款是否已缴纳？");
        await ask.GetByTestId("ask").ClickAsync();
        await Assertions.Expect(bank.GetByTestId("message")).ToHaveTextAsync("说明请求已发送给数源单位。");

        // The unit answers from its inbox of requests for explanation.
        var unit = await portal.SignInStaffAsync("unit-ty-market", "Demo-Unit-2026");
        await unit.GotoAsync("/unit/explanations");
        var card = unit.GetByTestId("unit-explanation").Filter(new() { HasText = document });
        await card.Locator("textarea").FillAsync("罚款已缴纳，整改完毕。");
        await PortalFixture.ScreenshotAsync(unit, "relying-party-unit-explanation");
        await card.GetByTestId("answer").ClickAsync();
        await Assertions.Expect(unit.GetByTestId("message")).ToHaveTextAsync("答复已发送。");

        await bank.GotoAsync("/rp");
        await Assertions.Expect(bank.GetByTestId("explanation-answer").First).ToHaveTextAsync("罚款已缴纳，整改完毕。");

        // The subject objects to the record: the report is suspended and the bank, which asked to be told, is.
        await subject.GotoAsync("/me/records/" + recordId);
        await subject.Locator("#reason").FillAsync("处罚决定已被复议撤销");
        await subject.GetByTestId("submit-objection").ClickAsync();
        for (var i = 0; i < 30 && await NoticeCountAsync(bank) == 0; i++)
            await Task.Delay(1000);
        await Assertions.Expect(bank.GetByTestId("notice-status").First).ToHaveTextAsync("暂停使用（异议处理中）");
        await PortalFixture.ScreenshotAsync(bank, "relying-party-workspace");

        // The subject sees the question, the answer and the grant, and ends the grant.
        await subject.GotoAsync("/me/grants");
        await Assertions.Expect(subject.GetByTestId("my-explanation-answer").First).ToHaveTextAsync("罚款已缴纳，整改完毕。");
        await subject.GetByTestId("my-grant").Filter(new() { HasText = number }).GetByTestId("end-grant").ClickAsync();
        await Assertions.Expect(subject.GetByTestId("my-grant").Filter(new() { HasText = number }).GetByTestId("grant-state")).ToHaveTextAsync("已结束");
        await PortalFixture.ScreenshotAsync(subject, "relying-party-grants");
    }

    [Fact]
    public async Task A_parent_company_asks_for_its_group_a_subsidiary_consents_and_the_parent_downloads_the_signed_manifest()
    {
        var codes = portal.Query("SELECT s.Code FROM subjects s WHERE s.Type <> 9 AND s.RegisterStatus = 1 ORDER BY s.Code DESC LIMIT 2 OFFSET 40")
            .Select(r => r[0]).ToList();
        var (parentCode, memberCode) = (codes[0], codes[1]);

        var parent = await portal.SignInSubjectAsync(parentCode, "/me/groups");
        await parent.Locator("#members").FillAsync(memberCode + ",subsidiary");
        await parent.Locator("#group-purpose").FillAsync("集团投标");
        await parent.GetByTestId("group-create").ClickAsync();
        await Assertions.Expect(parent.GetByTestId("message")).ToHaveTextAsync("本单位报告已出具，已请各成员同意。");
        await Assertions.Expect(parent.GetByTestId("group-member-state").First).ToHaveTextAsync("待同意");
        await PortalFixture.ScreenshotAsync(parent, "group-report-parent");

        var member = await portal.SignInSubjectAsync(memberCode, "/me/groups");
        await member.GetByTestId("group-consent-button").ClickAsync();
        await Assertions.Expect(member.GetByTestId("group-consented")).ToBeVisibleAsync();

        await parent.ReloadAsync();
        var manifest = parent.GetByTestId("group-manifest");
        await Assertions.Expect(manifest).ToBeVisibleAsync();
        var answer = await parent.APIRequest.GetAsync(await manifest.GetAttributeAsync("href") ?? "");
        Assert.Equal(200, answer.Status);
        Assert.Equal(3, (await answer.TextAsync()).Split('.').Length);
    }

    private static async Task<int> NoticeCountAsync(IPage bank)
    {
        await bank.GotoAsync("/rp");
        return await bank.GetByTestId("notice-row").CountAsync();
    }

    private (string Code, string Document, string RecordId) SubjectWithTaiyuanRecord()
    {
        var row = portal.Query("""
            SELECT s.Code, r.DocumentNumber, r.Id FROM subjects s
            JOIN records r ON r.SubjectId = s.Id JOIN units u ON u.Id = r.UnitId
            WHERE s.Type <> 9 AND r.Status = 1 AND u.Name = '太原市市场监督管理局' AND r.DecisionDate >= '2022-08-01'
              AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.RecordId = r.Id)
            ORDER BY r.DecisionDate DESC LIMIT 1 OFFSET 1
            """).Single();
        return (row[0], row[1], Guid.Parse(row[2]).ToString());
    }
}
