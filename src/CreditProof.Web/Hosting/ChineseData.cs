using Microsoft.AspNetCore.Html;

namespace CreditProof.Web.Hosting;

/// <summary>
/// Data that is Chinese whatever the page's language — names of subjects, units and places, document numbers, what a
/// record says, what a person typed — marked <c>lang="zh-CN"</c> on English pages, so that a screen reader reads it
/// with Chinese rules and translation tools leave it (WCAG 3.1.2). On Chinese pages, and for text without Han
/// characters, it is plain text.
/// </summary>
public static class ChineseData
{
    public static IHtmlContent Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return HtmlString.Empty;
        if (UiCulture.IsChinese || !HasHan(text))
            return new HtmlContentBuilder().Append(text);
        var builder = new HtmlContentBuilder();
        builder.AppendHtml("<span lang=\"zh-CN\">");
        builder.Append(text);
        builder.AppendHtml("</span>");
        return builder;
    }

    /// <summary>A report's status reason in the page's language (<see cref="CreditProof.Reports.Lifecycle.ReportStatusRules.ReasonIn"/>).</summary>
    public static IHtmlContent StatusReason(string reason)
    {
        var (text, _) = CreditProof.Reports.Lifecycle.ReportStatusRules.ReasonIn(reason, UiCulture.IsChinese);
        return Of(text);
    }

    /// <summary>A report's purpose: a known scenario in the page's language, a typed one as data.</summary>
    public static IHtmlContent Purpose(string purpose) =>
        !UiCulture.IsChinese && CreditProof.Reports.ReportPurposes.English(purpose) is { } english ? new HtmlContentBuilder().Append(english) : Of(purpose);

    /// <summary>For an attribute: <c>lang="zh-CN"</c> on an English page when the element's text is Chinese, else nothing.</summary>
    public static string? LangOf(string? text) => !UiCulture.IsChinese && text is not null && HasHan(text) ? "zh-CN" : null;

    public static bool HasHan(string text)
    {
        foreach (var rune in text.EnumerateRunes())
            if (rune.Value is (>= 0x3400 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF) or (>= 0x3000 and <= 0x303F) or (>= 0xFF00 and <= 0xFFEF))
                return true;
        return false;
    }
}
