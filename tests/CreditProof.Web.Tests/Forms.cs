using System.Text.RegularExpressions;

namespace CreditProof.Web.Tests;

/// <summary>Posts a page's form the way a browser does: with the antiforgery token the page rendered.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var html = await client.GetStringAsync(page);
        // A list, not a dictionary: a form may repeat a name (several checked boxes).
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", TokenOf(html, page)) };
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery token a rendered page carries.</summary>
    public static string TokenOf(string html, string page)
    {
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"{page} rendered no antiforgery token");
        return token.Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
