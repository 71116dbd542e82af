using System.Globalization;
using CreditProof.Accounts;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Operator;

/// <summary>
/// Staff accounts (工作人员账号): the operator creates them (unit staff bound to their unit), disables them and resets
/// their password; disabling and resetting end the account's sessions at once. Each change is audited under the
/// operator's name (the request's audit scope). A change that succeeded redirects to the page (Post/Redirect/Get, its
/// message shown once); a refused one is answered in place, the form keeping what was typed (never the password) and the
/// message linked to its field.
/// </summary>
[Authorize(Policy = Policies.Operator)]
public sealed class StaffModel(StaffAdministration accounts, CreditProofDbContext db) : WorkflowPageModel
{
    public IReadOnlyList<StaffListing> Accounts { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Units { get; private set; } = [];

    [BindProperty]
    public NewAccount Input { get; set; } = new();

    public StaffProblem? Problem { get; private set; }

    /// <summary>The add form was refused: its fields carry the message.</summary>
    public bool AddRefused { get; private set; }

    /// <summary>The account whose password reset was refused: its row's password field carries the message.</summary>
    public string? ResetRefused { get; private set; }

    /// <summary>Whose change succeeded (<see cref="WorkflowPageModel.Message"/> says which: added, disabled, reset), for the status line.</summary>
    [TempData]
    public string? DoneUser { get; set; }

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
        if (account is not null)
            return Done(account.UserName, "StaffAdded");
        Problem = problem;
        AddRefused = true;
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
            return Done(user!, "StaffDisabled");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string? user, string? password, CancellationToken ct)
    {
        Problem = await accounts.ResetAsync(user ?? "", password ?? "", ct);
        if (Problem is null)
            return Done(user!, "StaffWasReset");
        ResetRefused = user;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The message of a refusal for <paramref name="field"/> of the add form, or null.</summary>
    public string? ErrorFor(string field) => AddRefused && Problem is { } p && p.Field == field ? Describe(p) : null;

    private IActionResult Done(string user, string what)
    {
        DoneUser = user;
        return SucceededAndRedirect(what);
    }

    public string Describe(StaffProblem problem) => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? problem.Zh : problem.En;

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await accounts.ListAsync(ct);
        Units = [.. (await db.Units.AsNoTracking().OrderBy(u => u.Name).Select(u => new { u.CreditCode, u.Name }).ToListAsync(ct)).Select(u => (u.CreditCode, u.Name))];
    }
}
