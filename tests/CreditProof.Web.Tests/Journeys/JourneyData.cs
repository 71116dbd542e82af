using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Web.Tests.Journeys;

/// <summary>Helpers of the journey tests: multipart posts with evidence, objection ids, the demo's small evidence files.</summary>
public static partial class JourneyData
{
    /// <summary>The smallest file the evidence store accepts as a PDF (it judges by the first bytes).</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n% evidence\n"u8.ToArray();

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    /// <summary>Posts a multipart form (fields and files) with the antiforgery token the page rendered.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string page, string action, IEnumerable<KeyValuePair<string, string>> fields,
        params (string Field, string FileName, string ContentType, byte[] Content)[] files)
    {
        var html = await client.GetStringAsync(page);
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, $"{page} rendered no antiforgery token");
        var form = new MultipartFormDataContent { { new StringContent(token.Groups[1].Value), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        foreach (var (field, fileName, contentType, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, field, fileName);
        }

        return await client.PostAsync(action, form);
    }

    public static async Task<Guid> ObjectionOfAsync(CreditProofWebFactory factory, Guid recordId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditProofDbContext>().Objections
            .Where(o => o.RecordId == recordId).OrderByDescending(o => o.SubmittedAt).Select(o => o.Id).FirstAsync();
    }

    public static async Task<T> DbAsync<T>(CreditProofWebFactory factory, Func<CreditProofDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>());
    }

    /// <summary>Every link of a page that stays on the site (no fragments, no downloads by handler).</summary>
    public static IReadOnlyList<string> LocalLinks(string html) =>
        HrefPattern().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal) && !h.Contains("handler=", StringComparison.Ordinal) && !h.StartsWith("/culture/", StringComparison.Ordinal))
            .Distinct().ToList();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<a [^>]*href=\"([^\"#]+)\"")]
    private static partial Regex HrefPattern();
}
