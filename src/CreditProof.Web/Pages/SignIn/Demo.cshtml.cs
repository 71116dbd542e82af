using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SignInSetup = CreditProof.Web.SignIn.SignInSetup;

namespace CreditProof.Web.Pages.SignIn;

/// <summary>The built-in demo identity provider for subjects. It exists only in demo mode (embedded SQLite); elsewhere: 404.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class DemoModel(CreditProofDbContext db, DatabaseSettings settings, IOptions<PlatformOptions> options) : PageModel
{
    public IReadOnlyList<SubjectChoice> Choices { get; private set; } = [];

    public string? ReturnUrl { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        if (!DatabaseStartup.IsDemo(settings, options.Value))
            return NotFound();
        ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        if (!DatabaseStartup.IsDemo(settings, options.Value))
            return NotFound();
        var code = (Code ?? "").Trim().ToUpperInvariant();
        var subject = await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code, ct);
        if (subject is null)
        {
            Error = "demo-unknown";
            ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);
            await LoadChoicesAsync(ct);
            return Page();
        }

        await SignInSetup.SignInAsync(HttpContext, SignInSetup.SubjectPrincipal(subject, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(IndexModel.SafeReturnUrl(returnUrl) ?? "/me");
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        // A few subjects with several records, a few clean ones, and a natural person: enough to try every path.
        var withRecords = await db.Records.GroupBy(r => r.SubjectId).Where(g => g.Count() >= 2).OrderBy(g => g.Key).Select(g => g.Key).Take(4).ToListAsync(ct);
        var chosen = await db.Subjects.AsNoTracking().Where(s => withRecords.Contains(s.Id)).ToListAsync(ct);
        chosen.AddRange(await db.Subjects.AsNoTracking().Where(s => !db.Records.Any(r => r.SubjectId == s.Id)).OrderBy(s => s.Code).Take(2).ToListAsync(ct));
        chosen.AddRange(await db.Subjects.AsNoTracking().Where(s => s.Type == SubjectType.NaturalPerson).OrderBy(s => s.Code).Take(1).ToListAsync(ct));
        Choices = chosen.Select(s => new SubjectChoice(s.Code, s.DisplayCode, s.Name, s.Type.NameZh())).ToList();
    }

    public sealed record SubjectChoice(string Code, string DisplayCode, string Name, string Type);
}
