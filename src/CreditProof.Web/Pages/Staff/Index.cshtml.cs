using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Staff;

/// <summary>The staff landing page: who is signed in, in which role, and where to go.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
