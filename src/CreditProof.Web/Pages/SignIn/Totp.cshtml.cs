using CreditProof.Accounts;
using CreditProof.Audit;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInSetup = CreditProof.Web.SignIn.SignInSetup;

namespace CreditProof.Web.Pages.SignIn;

[Authorize(Policy = Policies.Public)]
public sealed class TotpModel(StaffSignIn signIn) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    public string? Error { get; private set; }

    public string? ReturnUrl { get; private set; }

    public IActionResult OnGet(string? returnUrl)
    {
        ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);
        TempData.Keep(StaffModel.PendingTotpKey);
        return TempData.Peek(StaffModel.PendingTotpKey) is int ? Page() : RedirectToPage("Staff");
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);
        if (TempData.Peek(StaffModel.PendingTotpKey) is not int accountId)
            return RedirectToPage("Staff");
        var result = await signIn.CheckTotpAsync(accountId, Code, TrustedProxies.ClientPartition(HttpContext), ct);
        if (result.Outcome != SignInOutcome.Succeeded)
        {
            await SignInAudit.RecordAsync(HttpContext, "staff-account:" + accountId.ToString(System.Globalization.CultureInfo.InvariantCulture), "staff", AuditOutcome.Failed, "totp: " + result.Outcome);
            TempData.Keep(StaffModel.PendingTotpKey);
            Error = result.Outcome == SignInOutcome.LockedOut ? "locked" : "wrong";
            if (result.Outcome == SignInOutcome.LockedOut)
                TempData.Remove(StaffModel.PendingTotpKey);
            return Page();
        }

        TempData.Remove(StaffModel.PendingTotpKey);
        await SignInSetup.SignInAsync(HttpContext, SignInSetup.StaffPrincipal(result.Account!));
        return LocalRedirect(ReturnUrl ?? "/staff");
    }
}
