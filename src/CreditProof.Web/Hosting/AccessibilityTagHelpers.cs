using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CreditProof.Web.Hosting;

/// <summary>
/// Every <c>&lt;div class="table-scroll"&gt;</c> is a region a keyboard user can scroll (WCAG 2.1.1): focusable, with
/// the role region and a name — its <c>aria-label</c> if the page gives one, else the table's caption, else the page
/// title. Written once here, not on every page.
/// </summary>
[HtmlTargetElement("div", Attributes = "class")]
public sealed partial class ScrollRegionTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.TryGetAttribute("class", out var cls) || !(cls.Value?.ToString() ?? "").Split(' ').Contains("table-scroll"))
            return;
        output.Attributes.SetAttribute("tabindex", "0");
        output.Attributes.SetAttribute("role", "region");
        output.Attributes.SetAttribute("data-scroll-region", null);
        if (output.Attributes.ContainsName("aria-label") || output.Attributes.ContainsName("aria-labelledby"))
            return;
        var content = (await output.GetChildContentAsync()).GetContent();
        var caption = Caption().Match(content);
        var label = caption.Success
            ? System.Net.WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, "")).Trim()
            : ViewContext.ViewData["Title"]?.ToString() ?? "";
        output.Attributes.SetAttribute("aria-label", label);
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

/// <summary>
/// A form field's error, linked to the field once for every form (WCAG 3.3.1, 1.3.1): <c>cp-error="@message"</c> on an
/// input, select, textarea or fieldset. With a message, the element gets <c>aria-describedby</c> naming the message
/// (kept beside any description it already has) and the message is written with that id — after an input, right after
/// a fieldset's legend; inputs get <c>aria-invalid="true"</c>, and so do the inputs inside a fieldset.
/// </summary>
[HtmlTargetElement("input", Attributes = Name)]
[HtmlTargetElement("select", Attributes = Name)]
[HtmlTargetElement("textarea", Attributes = Name)]
[HtmlTargetElement("fieldset", Attributes = Name)]
public sealed partial class FieldErrorTagHelper(System.Text.Encodings.Web.HtmlEncoder encoder) : TagHelper
{
    private const string Name = "cp-error";

    [HtmlAttributeName(Name)]
    public string? Error { get; set; }

    /// <summary>Run after the framework's input tag helpers, which may write the attributes this one extends.</summary>
    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        // A string attribute of a tag helper arrives as "" when its expression is null: no message, nothing to link.
        if (string.IsNullOrEmpty(Error))
            return;
        var id = output.Attributes.TryGetAttribute("id", out var idAttribute) ? idAttribute.Value?.ToString() : null;
        if (string.IsNullOrEmpty(id))
            throw new InvalidOperationException($"A <{output.TagName} cp-error> needs an id to link its error message to.");
        var errorId = id + "-error";
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value?.ToString() + " " + errorId : errorId;
        output.Attributes.SetAttribute("aria-describedby", describedBy);

        var message = new TagBuilder(output.TagName == "fieldset" ? "p" : "span");
        message.AddCssClass("error-text");
        message.Attributes["id"] = errorId;
        message.InnerHtml.Append(Error);
        if (output.TagName != "fieldset")
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            output.PostElement.AppendHtml(message);
            return;
        }

        var content = (await output.GetChildContentAsync()).GetContent();
        using var writer = new StringWriter();
        message.WriteTo(writer, encoder);
        var end = content.IndexOf("</legend>", StringComparison.Ordinal);
        content = end < 0 ? writer + content : content[..(end + 9)] + writer + content[(end + 9)..];
        output.Content.SetHtmlContent(Inputs().Replace(content, "<input aria-invalid=\"true\""));
    }

    [GeneratedRegex("<input(?![^>]*type=\"hidden\")")]
    private static partial Regex Inputs();
}
