using System.Globalization;
using CreditProof.Web.Guides;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Guide;

/// <summary>The published guides (办事指南), open to anyone: a public page, deliberately anonymous.</summary>
[AllowAnonymous]
[Authorize(Policy = Policies.Public)]
public sealed class IndexModel(GuideCatalog catalog) : PageModel
{
    public GuideCatalog Catalog => catalog;

    public bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    public void OnGet()
    {
    }
}
