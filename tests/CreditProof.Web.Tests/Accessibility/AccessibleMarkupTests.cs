namespace CreditProof.Web.Tests.Accessibility;

/// <summary>Issue 17: markup written once for every page — scroll regions, field errors, Chinese data on English pages.</summary>
public sealed class AccessibleMarkupTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    [Fact]
    public async Task The_signing_key_table_is_a_named_region_the_keyboard_can_scroll()
    {
        var client = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        var html = await client.GetStringAsync("/operator/keys");
        var region = System.Text.RegularExpressions.Regex.Match(html, "<div class=\"table-scroll\"[^>]*>").Value;
        Assert.Contains("tabindex=\"0\"", region, StringComparison.Ordinal);
        Assert.Contains("role=\"region\"", region, StringComparison.Ordinal);
        Assert.Matches("aria-label=\"[^\"]+\"", region);
    }

    [Fact]
    public async Task A_form_error_is_linked_to_its_field_and_marks_it_invalid()
    {
        var (code, _) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var client = await WebTestData.SubjectAsync(factory, code);
        var html = await (await Forms.PostAsync(client, "/me/reports/new",
            [new("Form.Domains", "taxation"), new("Form.Period", "custom"), new("Form.From", "2026-05-01"), new("Form.To", "2026-01-01")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"field-purpose\" class=\"purpose\" aria-describedby=\"field-purpose-error\"", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error-text\" id=\"field-purpose-error\">", html, StringComparison.Ordinal);
        Assert.Contains("<input aria-invalid=\"true\" type=\"radio\" name=\"Form.Purpose\"", html, StringComparison.Ordinal);
        // Only the fields with an error are marked: the period was not checked yet.
        Assert.DoesNotContain("field-from-error", html, StringComparison.Ordinal);

        var period = await (await Forms.PostAsync(client, "/me/reports/new",
            [new("Form.Domains", "taxation"), new("Form.Period", "custom"), new("Form.From", "2026-05-01"), new("Form.To", "2026-01-01"), new("Form.Purpose", "finance")])).Content.ReadAsStringAsync();
        // An input keeps its own description and adds the error's.
        Assert.Matches("<input id=\"field-from\"[^>]*aria-describedby=\"period-help field-from-error\"[^>]*aria-invalid=\"true\"", period);
        Assert.DoesNotMatch("<input id=\"field-to\"[^>]*aria-invalid", period);
    }

    [Fact]
    public async Task English_pages_name_types_and_domains_in_english_and_mark_chinese_data()
    {
        var (code, recordId) = await WebTestData.SubjectWithTaiyuanPenaltyAsync(factory);
        var client = await WebTestData.SubjectAsync(factory, code);
        var me = await client.GetStringAsync("/me?culture=en");
        Assert.Contains("· enterprise", me, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<span lang=\"zh-CN\">太原市市场监督管理局</span>", me, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>行政处罚</td>", me, StringComparison.Ordinal);
        var record = await client.GetStringAsync($"/me/records/{recordId}?culture=en");
        Assert.Contains("<dd>market regulation</dd>", record, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\">罚款人民币20000元</dd>", record, StringComparison.Ordinal);
    }
}
