using System.Globalization;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Share;

/// <summary>
/// The holder's share link (and its QR code): redeems the code once, exchanges it for a session cookie and goes on to
/// the clean address <c>/share/report</c>, so the code stays out of the history, the Referer and later reloads.
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class CodeModel(ShareSession session) : PageModel
{
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await session.OpenAsync(HttpContext, code, ct) is not { } refused)
            return LocalRedirect(ShareSession.ReportPath);
        Response.StatusCode = refused.Status;
        Refusal = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? refused.MessageZh : refused.MessageEn;
        return Page();
    }
}
