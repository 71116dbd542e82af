using CreditProof.Accounts;
using CreditProof.Audit;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInSetup = CreditProof.Web.SignIn.SignInSetup;

namespace CreditProof.Web.Pages.SignIn;

[Authorize(Policy = Policies.Public)]
public sealed class StaffModel(StaffSignIn signIn) : PageModel
{
    public const string PendingTotpKey = "pending-totp-account";

    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public string? Error { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);
        var result = await signIn.CheckPasswordAsync(UserName, Password, TrustedProxies.ClientPartition(HttpContext), ct);
        if (result.Outcome is not (SignInOutcome.Succeeded or SignInOutcome.NeedsTotp))
            await SignInAudit.RecordAsync(HttpContext, (UserName ?? "").Trim(), "staff", AuditOutcome.Failed, "password: " + result.Outcome);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await SignInSetup.SignInAsync(HttpContext, SignInSetup.StaffPrincipal(result.Account!));
                return LocalRedirect(ReturnUrl ?? "/staff");
            case SignInOutcome.NeedsTotp:
                TempData[PendingTotpKey] = result.Account!.Id;
                return RedirectToPage("Totp", new { returnUrl = ReturnUrl });
            case SignInOutcome.LockedOut:
                Error = "locked";
                return Page();
            case SignInOutcome.WrongCredentials or SignInOutcome.WrongTotp:
                Error = "wrong";
                return Page();
        }

        return Page();
    }
}
