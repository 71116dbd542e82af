using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages;

[Authorize(Policy = Policies.Public)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string? TraceId { get; private set; }

    public void OnGet(int? code) => Set(code);

    public void OnPost(int? code) => Set(code);

    /// <summary>The statuses the page explains; anything else in <c>?code=</c> is not echoed as a status line.</summary>
    private static readonly HashSet<int> Known = [400, 401, 403, 404, 405, 406, 408, 409, 410, 413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504];

    private void Set(int? code)
    {
        TraceId = HttpContext.TraceIdentifier;
        // After an exception: 500, or 503 when the database is unreachable (a failover: retry in seconds). After a status code page re-execution the original status stands; the query only
        // repeats it. Opened directly, a known code is shown and anything else is a plain 404.
        if (HttpContext.Features.Get<IExceptionHandlerFeature>() is { } failed)
            Code = CreditProof.Storage.CreditProofDatabase.IsUnavailable(failed.Error) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        else if (code is { } c && Known.Contains(c))
            Code = c;
        else if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null && Known.Contains(Response.StatusCode))
            Code = Response.StatusCode;
        else
            Code = StatusCodes.Status404NotFound;
        Response.StatusCode = Code;
    }
}
