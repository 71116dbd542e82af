using System.Globalization;
using CreditProof.Accounts;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// Staff accounts (工作人员账号): the operator creates them (unit staff bound to their unit), disables them and resets
/// their password; disabling and resetting end the account's sessions at once. Each change is audited under the
/// operator's name (the request's audit scope).
/// </summary>
[Authorize(Policy = Policies.Operator)]
public sealed class StaffModel(StaffAdministration accounts, CreditProofDbContext db) : PageModel
{
    public IReadOnlyList<StaffListing> Accounts { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Units { get; private set; } = [];

    [BindProperty]
    public NewAccount Input { get; set; } = new();

    public StaffProblem? Problem { get; private set; }

    /// <summary>Whose change succeeded, and which (added, disabled, reset), for the status line.</summary>
    public (string User, string What)? Done { get; private set; }

    public sealed class NewAccount
    {
        public string? UserName { get; set; }

        public string? DisplayName { get; set; }

        public string? Role { get; set; }

        public string? Unit { get; set; }

        public string? Password { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var role = Input.Role switch
        {
            CreditProofClaims.Roles.Unit => StaffRole.UnitStaff,
            CreditProofClaims.Roles.Window => StaffRole.WindowStaff,
            CreditProofClaims.Roles.Operator => StaffRole.Operator,
            CreditProofClaims.Roles.Auditor => StaffRole.Auditor,
            _ => (StaffRole)0,
        };
        var (account, problem) = await accounts.AddAsync(Input.UserName ?? "", Input.DisplayName ?? "", role, Input.Unit, Input.Password ?? "", ct);
        Problem = problem;
        if (account is not null)
        {
            Done = (account.UserName, "StaffAdded");
            Input = new NewAccount();
        }

        Input.Password = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string? user, CancellationToken ct)
    {
        if (string.Equals(user, User.StaffUserName(), StringComparison.Ordinal))
            Problem = new StaffProblem("UserName", "不能停用自己的账号", "you cannot disable your own account");
        else
            Problem = await accounts.DisableAsync(user ?? "", ct);
        if (Problem is null)
            Done = (user!, "StaffDisabled");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string? user, string? password, CancellationToken ct)
    {
        Problem = await accounts.ResetAsync(user ?? "", password ?? "", ct);
        if (Problem is null)
            Done = (user!, "StaffWasReset");
        await LoadAsync(ct);
        return Page();
    }

    public string Message(StaffProblem problem) => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? problem.Zh : problem.En;

    private async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await accounts.ListAsync(ct);
        Units = [.. (await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new { u.CreditCode, u.Name }).ToListAsync(ct)).Select(u => (u.CreditCode, u.Name))];
    }
}
