using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Operator;

/// <summary>The operator's console (first version): where each part of running the platform lives.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class IndexModel : PageModel
{
    public static readonly IReadOnlyList<(string Href, string Key)> Sections =
    [
        ("/operator/dashboard", "Dashboard"),
        ("/operator/staff", "StaffAccounts"),
        ("/operator/units", "OperatorUnits"),
        ("/operator/subjects", "SubjectsTitle"),
        ("/operator/domains", "OperatorDomains"),
        ("/operator/completeness", "DataCompletenessTitle"),
        ("/operator/templates", "OperatorTemplates"),
        ("/operator/keys", "OperatorKeys"),
        ("/operator/demo", "OperatorDemo"),
        ("/operator/reports", "OperatorReports"),
        ("/operator/objections", "OperatorObjections"),
        ("/operator/ineligibilities", "Ineligibilities"),
    ];

    public void OnGet()
    {
    }
}
