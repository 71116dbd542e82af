using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Share;

/// <summary>A relying party types the share code the holder gave them.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost() => Redirect("/s/" + Uri.EscapeDataString((Code ?? "").Trim()));
}
