using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Subjects;
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
public sealed class DemoModel(CreditProofDbContext db, SubjectDirectory directory, DatabaseSettings settings, IOptions<PlatformOptions> options, Privacy.PersonalDataKeys keys,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IReadOnlyList<SubjectChoice> Choices { get; private set; } = [];

    public string? ReturnUrl { get; private set; }

    /// <summary>A credit code (an organisation the provider verified) or, with <see cref="PersonName"/>, a natural person's ID number.</summary>
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The verified name of a natural person (姓名), as the real identity provider sends it with the ID number.</summary>
    [BindProperty]
    public string? PersonName { get; set; }

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
        // A listed natural person is chosen by subject id: the page never carries an ID number. The demo provider
        // "verifies" the person as the real one would, by name and number.
        if (Guid.TryParse(code, out var chosenId) && await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Id == chosenId && s.Type == SubjectType.NaturalPerson, ct) is { IdNumberCiphertext: { } sealedId } chosen)
        {
            code = keys.Decrypt(sealedId);
            PersonName = chosen.Name;
        }

        if (code.Length == 0)
        {
            Error = "demo-unknown";
            ReturnUrl = IndexModel.SafeReturnUrl(returnUrl);
            await LoadChoicesAsync(ct);
            return Page();
        }

        // What the real provider would verify: an ID number (with the name) for a person, a credit code otherwise.
        var person = ResidentId.Check(code, DateOnly.FromDateTime(DateTime.UtcNow)).IsValid && !CreditCode.IsValid(code);
        var identity = person ? new VerifiedIdentity(null, code, PersonName) : new VerifiedIdentity(code, null, null);
        var (subject, refusal) = await directory.SignInAsync(identity, ct);
        if (subject is null)
        {
            await SignInSetup.AuditRefusedAsync(HttpContext, identity, refusal!.Problem);
            return LocalRedirect(SignInSetup.RefusedPath(refusal.Problem));
        }

        await SignInSetup.SignInAsync(HttpContext, SignInSetup.SubjectPrincipal(subject, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(IndexModel.SafeReturnUrl(returnUrl) ?? "/me");
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        // Enough to walk every journey: subjects with records of the units that have demo staff accounts (objection and
        // repair end to end), others with several records, clean ones, a natural person, a 吊销 and a 注销 subject.
        var chosen = new List<Subject>();
        var hints = new Dictionary<Guid, string>();
        // A penalty decided over a year ago is past every minimum publicity period: that subject can walk repair too.
        var yearAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1);
        foreach (var (userName, _, _, _, unitName) in Web.SignIn.DemoAccounts.All.Where(a => a.UnitName is not null))
        {
            var ids = db.Records.Where(r => r.Unit.Name == unitName && r.Status == LegalStatus.Effective).Select(r => r.SubjectId);
            var repairable = db.Records.Where(r => r.Unit.Name == unitName && r.Status == LegalStatus.Effective && r.Type == RecordType.Penalty
                && r.RepairStatus == RepairStatus.NotRepaired && r.DecisionDate <= yearAgo).Select(r => r.SubjectId);
            var candidates = db.Subjects.AsNoTracking().Where(s => ids.Contains(s.Id) && s.Type != SubjectType.NaturalPerson && s.RegisterStatus == RegisterStatus.Active);
            var subject = await candidates.Where(s => repairable.Contains(s.Id)).OrderBy(s => s.Code).FirstOrDefaultAsync(ct)
                ?? await candidates.OrderBy(s => s.Code).FirstOrDefaultAsync(ct);
            if (subject is null)
                continue;
            chosen.Add(subject);
            hints[subject.Id] = localizer["DemoUnitSubjectHint", unitName!, userName];
        }

        var withRecords = await db.Records.GroupBy(r => r.SubjectId).Where(g => g.Count() >= 2).OrderBy(g => g.Key).Select(g => g.Key).Take(4).ToListAsync(ct);
        chosen.AddRange(await db.Subjects.AsNoTracking().Where(s => withRecords.Contains(s.Id)).Take(2).ToListAsync(ct));
        chosen.AddRange(await db.Subjects.AsNoTracking().Where(s => !db.Records.Any(r => r.SubjectId == s.Id) && s.Type != SubjectType.NaturalPerson
            && (s.RegisterStatus == RegisterStatus.Active || s.RegisterStatus == null)).OrderBy(s => s.Code).Take(2).ToListAsync(ct));
        chosen.AddRange(await db.Subjects.AsNoTracking().Where(s => s.Type == SubjectType.NaturalPerson).OrderBy(s => s.Code).Take(1).ToListAsync(ct));
        foreach (var status in new[] { RegisterStatus.Revoked, RegisterStatus.Deregistered })
            chosen.AddRange(await db.Subjects.AsNoTracking().Where(s => s.RegisterStatus == status).OrderBy(s => s.Code).Take(1).ToListAsync(ct));
        Choices = chosen.DistinctBy(s => s.Id).Select(s => new SubjectChoice(s.IsNaturalPerson ? s.Id.ToString() : s.Code, s.DisplayCode, s.Name,
            s.Type.NameZh() + (s.RegisterStatus is { } st and not RegisterStatus.Active ? "（" + st.NameZh() + "）" : ""), hints.GetValueOrDefault(s.Id))).ToList();
    }

    /// <param name="Hint">For a subject with records of a unit that has a demo staff account: which account answers its objections and repairs.</param>
    public sealed record SubjectChoice(string Code, string DisplayCode, string Name, string Type, string? Hint = null);
}
