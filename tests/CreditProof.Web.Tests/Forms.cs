using System.Text.RegularExpressions;

namespace CreditProof.Web.Tests;

/// <summary>Posts a page's form the way a browser does: with the antiforgery token the page rendered.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var html = await client.GetStringAsync(page);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"{page} rendered no antiforgery token");
        // A list, not a dictionary: a form may repeat a name (several checked boxes).
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token.Groups[1].Value) };
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
