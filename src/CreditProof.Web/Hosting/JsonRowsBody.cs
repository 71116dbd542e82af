using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditProof.Web.Hosting;

/// <summary>
/// The body of an API request that sends rows as JSON (records, the register): one object or an array of objects, at
/// most <c>maxBytes</c> — reading stops there, whether or not the client sent a length — and at most <c>rowLimit</c>
/// rows. Anything else is a 400 or 413 problem that says which limit was hit.
/// </summary>
public sealed class JsonRowsBody : IDisposable
{
    private readonly JsonDocument _document;

    private JsonRowsBody(JsonDocument document, IReadOnlyList<JsonElement> rows, byte[] bytes, int length)
    {
        _document = document;
        Rows = rows;
        Bytes = bytes.AsMemory(0, length);
    }

    public IReadOnlyList<JsonElement> Rows { get; }

    /// <summary>The body as received (for its checksum).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public static async Task<(JsonRowsBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, int rowLimit, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            return (null, TooLarge($"The request body is larger than {maxBytes} bytes.", rowLimit));
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, TooLarge($"The request body is larger than {maxBytes} bytes.", rowLimit));
            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer();
        var length = (int)buffer.Length;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(0, length));
        }
        catch (JsonException e)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON (JSON格式错误)", detail: e.Message));
        }

        var rows = document.RootElement.ValueKind switch
        {
            JsonValueKind.Array => document.RootElement.EnumerateArray().ToList(),
            JsonValueKind.Object => [document.RootElement],
            _ => null,
        };
        if (rows is null || rows.Any(r => r.ValueKind != JsonValueKind.Object))
        {
            document.Dispose();
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Expected a JSON array of objects (应为JSON对象数组)"));
        }

        if (rows.Count > rowLimit)
        {
            document.Dispose();
            return (null, TooLarge($"{rows.Count} rows; at most {rowLimit} per request.", rowLimit));
        }

        return (new JsonRowsBody(document, rows, bytes, length), null);
    }

    public void Dispose() => _document.Dispose();

    private static ProblemHttpResult TooLarge(string detail, int limit) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: $"Too many rows in one request (单次最多{limit}条)",
        detail: detail);
}
