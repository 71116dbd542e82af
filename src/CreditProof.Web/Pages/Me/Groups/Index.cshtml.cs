using CreditProof.RelyingParties;
using CreditProof.Reports;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CreditProof.Web.Pages.Me.Groups;

/// <summary>
/// Group reports (集团报告): a parent company names its branches and subsidiaries and asks for everyone's report in one
/// step; each member consents here when it signs in; once all have, the parent downloads the signed bundle manifest and
/// every report.
/// </summary>
[Authorize(Policy = Policies.Subject)]
public sealed class IndexModel(GroupReports groups, CreditProof.Storage.PdfStore pdfs) : WorkflowPageModel
{
    public IReadOnlyList<GroupRequest> Mine { get; private set; } = [];

    public IReadOnlyList<(GroupRequest Group, GroupMember Member, string ParentName)> AskingMe { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <param name="members">One member a line: its credit code, then optionally "branch" or "subsidiary" (default subsidiary).</param>
    public Task<IActionResult> OnPostCreateAsync(string? members, string? domains, DateOnly? from, string? purpose, CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            var parsed = (members ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split([',', '，', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                .Select(p => (p[0], p.Length > 1 && p[1].Equals("branch", StringComparison.OrdinalIgnoreCase) || p.Length > 1 && p[1] == "分支机构" ? GroupRelation.Branch : GroupRelation.Subsidiary))
                .ToList();
            await groups.CreateAsync(User.SubjectIdOf()!.Value, User.FindFirst(CreditProofClaims.SubjectCode)!.Value, parsed, ReportRequest.SplitDomains(domains), from, null, purpose, ct);
        }, ct, "GroupCreated");

    public Task<IActionResult> OnPostConsentAsync(Guid memberId, CancellationToken ct) =>
        RunStepAsync(() => groups.ConsentAsync(User.SubjectIdOf()!.Value, memberId, ct), ct, "GroupConsented");

    public Task<IActionResult> OnPostDeclineAsync(Guid memberId, CancellationToken ct) =>
        RunStepAsync(() => groups.DeclineAsync(User.SubjectIdOf()!.Value, memberId, ct), ct, "GroupDeclined");

    public async Task<IActionResult> OnGetManifestAsync(Guid id, CancellationToken ct)
    {
        try
        {
            return Content(await groups.ManifestAsync(User.SubjectIdOf()!.Value, id, ct), CreditProof.Verification.ReportTwin.MediaType);
        }
        catch (CreditProof.Workflows.WorkflowRefusedException e)
        {
            return new ObjectResult(new ProblemDetails { Title = e.MessageZh, Detail = e.MessageEn, Status = StatusCodes.Status409Conflict }) { StatusCode = StatusCodes.Status409Conflict };
        }
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, string number, CancellationToken ct)
    {
        try
        {
            var report = await groups.ReportAsync(User.SubjectIdOf()!.Value, id, number, ct);
            return File(await pdfs.ReadAsync(report, ct), "application/pdf", report.Number + ".pdf");
        }
        catch (CreditProof.Workflows.WorkflowRefusedException)
        {
            return NotFound();
        }
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var subject = User.SubjectIdOf()!.Value;
        Mine = await groups.ForParentAsync(subject, ct);
        AskingMe = await groups.ForMemberAsync(subject, ct);
    }
}
