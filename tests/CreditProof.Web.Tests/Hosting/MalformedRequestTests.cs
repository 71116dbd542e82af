using System.Net;
using System.Text;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditProof.Web.Tests.Hosting;

public sealed class MalformedRequestTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    private const string Secret = "140105198001011234";

    [Theory]
    [InlineData("/x")]
    [InlineData("/")]
    [InlineData("/signin/staff")]
    [InlineData("/Error")]
    public async Task A_form_key_like_a_bracket_is_no_500_and_leaves_no_stack_trace_in_the_log(string path)
    {
        var (response, logs) = await PostAsync(path, new StringContent("a[=1&secret=" + Secret, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
        AssertShortLog(logs);
    }

    [Fact]
    public async Task A_malformed_form_gets_a_400_and_at_most_one_log_line_without_the_body()
    {
        var broken = new StringContent("--b\r\nContent-Disposition: form-data; name=\"secret\"\r\n\r\n" + Secret, Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data");

        var (response, logs) = await PostAsync("/signin/staff", broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertShortLog(logs);
    }

    [Fact]
    public async Task A_malformed_request_exception_becomes_a_bilingual_400_problem_and_one_log_line()
    {
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.Request.Method = "POST";
        context.Request.Path = "/unit/" + Secret;

        var handled = await new RequestErrors(loggers.CreateLogger<RequestErrors>())
            .TryHandleAsync(context, new BadHttpRequestException("Unexpected end of request content: " + Secret), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        using var problem = System.Text.Json.JsonDocument.Parse(context.Response.Body);
        var title = problem.RootElement.GetProperty("title").GetString()!;
        Assert.Matches("^[\u4e00-\u9fff]", title);
        Assert.Contains("Malformed request", title, StringComparison.Ordinal);
        var entries = logs.Entries.ToList();
        Assert.Single(entries);
        AssertShortLog(entries);
    }

    [Theory]
    [InlineData("/api/v1/reports", true)]
    [InlineData("/.well-known/creditproof/status-list", true)]
    [InlineData("/verify", false)]
    public async Task An_unreachable_database_is_a_503_with_retry_after_never_a_500(string path, bool problemHere)
    {
        // Issue 19: while the primary is gone and the standby not yet promoted. An API caller gets a bilingual problem;
        // a page request goes on to the error page, which answers 503 (ErrorModel) with the same Retry-After.
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.Request.Method = "POST";
        context.Request.Path = "/Error";
        var failure = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5601", new System.Net.Sockets.SocketException(111));
        context.Features.Set<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>(new Microsoft.AspNetCore.Diagnostics.ExceptionHandlerFeature
        {
            Error = failure, Path = path,
        });

        var handled = await new RequestErrors(loggers.CreateLogger<RequestErrors>()).TryHandleAsync(context, failure, CancellationToken.None);

        Assert.Equal(problemHere, handled);
        Assert.Equal(RequestErrors.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        if (problemHere)
        {
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
            context.Response.Body.Position = 0;
            using var problem = System.Text.Json.JsonDocument.Parse(context.Response.Body);
            Assert.Matches("^[\u4e00-\u9fff]", problem.RootElement.GetProperty("title").GetString()!);
            Assert.Contains("try again", problem.RootElement.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains(path, entry.Text, StringComparison.Ordinal);
    }

    private async Task<(HttpResponseMessage Response, List<(string Category, LogLevel Level, string Text)> Logs)> PostAsync(string path, HttpContent content)
    {
        var logs = new LogCapture();
        using var host = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = host.CreateClient();
        var startUp = logs.Entries.Count;
        var response = await client.PostAsync(path, content);
        await response.Content.LoadIntoBufferAsync();
        return (response, [.. logs.Entries.Skip(startUp)]);
    }

    private static void AssertShortLog(List<(string Category, LogLevel Level, string Text)> logs)
    {
        Assert.True(logs.Count(e => e.Level >= LogLevel.Warning) <= 1, "more than one warning or error logged");
        Assert.All(logs, e => Assert.DoesNotContain("   at ", e.Text, StringComparison.Ordinal));
        Assert.All(logs, e => Assert.True(e.Text.Length < 400, $"{e.Text.Length} characters logged: {e.Text}"));
        Assert.All(logs, e => Assert.DoesNotContain("198001011234", e.Text, StringComparison.Ordinal));
    }
}
