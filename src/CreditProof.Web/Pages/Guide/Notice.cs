using CreditProof.Web.Guides;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Guide;

/// <summary>The guide index, the FAQ and the privacy notice: public pages, deliberately anonymous.</summary>
[AllowAnonymous]
[Authorize(Policy = Policies.Public)]
public sealed class PublicPageModel(GuideCatalog catalog, PublicNotices notices) : PageModel
{
    public GuideCatalog Catalog => catalog;

    public PublicNotices Notices => notices;

    public void OnGet()
    {
    }
}
