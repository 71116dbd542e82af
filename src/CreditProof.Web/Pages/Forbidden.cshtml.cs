using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages;

/// <summary>Where a signed-in person lands when their role may not open a page: a 403 that says so.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class ForbiddenModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
