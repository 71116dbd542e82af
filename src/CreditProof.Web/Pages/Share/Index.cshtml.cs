using System.Globalization;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Share;

/// <summary>A relying party types the share code the holder gave them; it is posted, never put in an address.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(ShareSession session) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [TempData]
    public string? Error { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await session.OpenAsync(HttpContext, Code, ct) is { } refused)
            Error = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? refused.MessageZh : refused.MessageEn;
        return LocalRedirect(Error is null ? ShareSession.ReportPath : "/share");
    }
}
