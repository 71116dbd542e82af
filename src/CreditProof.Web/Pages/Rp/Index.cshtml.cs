using CreditProof.RelyingParties;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using CreditProof.Web.Verification;
using CreditProof.Web.Workflows;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Web.Pages.Rp;

/// <summary>
/// A relying party's staff (报告使用方): create requirement links (link and QR code), see them fulfilled, open granted
/// reports, read change notices and what changed, ask units for explanations and read the answers, and the
/// organisation's verification history.
/// </summary>
[Authorize(Policy = Policies.RelyingPartyStaff)]
public sealed class IndexModel(Requirements requirements, PartyGrants grants, Explanations explanations, PartyVerifications history, AccessLog log, CreditProofDbContext db, PdfStore pdfs)
    : WorkflowPageModel
{
    public sealed record RequestRow(ReportRequirement Requirement, string Link, string? ReportNumber);

    public string PartyName { get; private set; } = "";

    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];

    public IReadOnlyList<GrantListing> Grants { get; private set; } = [];

    public IReadOnlyList<ChangeNotice> Notices { get; private set; } = [];

    public IReadOnlyList<ExplanationRequest> Asked { get; private set; } = [];

    public IReadOnlyList<PartyVerification> History { get; private set; } = [];

    /// <summary>The link just created, with its QR code (shown once, on the page the post redirects to).</summary>
    public RequestRow? Created { get; private set; }

    [TempData]
    public Guid? CreatedRequestId { get; set; }

    /// <summary>The report opened with <c>?number=</c>: its records (to ask about) and, with consent, what changed.</summary>
    public ReportContent? Opened { get; private set; }

    public string? OpenedNumber { get; private set; }

    public IReadOnlyList<RecordDifference>? Changes { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    private int Party => User.RelyingPartyIdOf() ?? 0;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostRequestAsync(string purpose, string? domains, DateOnly? from, DateOnly? to, int? validDays, bool changeNotices, string? subjectCode,
        CancellationToken ct) =>
        RunStepAsync(async () =>
        {
            var created = await requirements.CreateAsync(Party, new RequirementInput(ReportRequest.SplitDomains(domains), from, to, purpose, validDays, changeNotices, subjectCode, null),
                "staff:" + User.StaffUserName(), ct);
            CreatedRequestId = created.Id;
        }, ct, "RpRequestCreated");

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) =>
        RunStepAsync(() => requirements.CancelAsync(Party, id, ct), ct, "RpRequestCancelled");

    public Task<IActionResult> OnPostAskAsync(string number, Guid recordId, string question, CancellationToken ct)
    {
        Number = number;
        return RunStepAsync(() => explanations.AskAsync(Party, "staff:" + User.StaffUserName(), number, recordId, question, ct), ct, "RpAsked");
    }

    public async Task<IActionResult> OnGetPdfAsync(string number, CancellationToken ct)
    {
        try
        {
            var (grant, report) = await grants.OpenAsync(Party, number, ct);
            var pdf = await pdfs.ReadAsync(report, ct);
            log.RecordAccess(HttpContext, report.Number, AccessKind.ShareDownload, grant.Id);
            return File(pdf, "application/pdf", report.Number + ".pdf");
        }
        catch (CreditProof.Workflows.WorkflowRefusedException)
        {
            return NotFound();
        }
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        PartyName = await db.RelyingParties.Where(p => p.Id == Party).Select(p => p.Name).SingleOrDefaultAsync(ct) ?? "";
        var numbers = await db.PartyGrants.AsNoTracking().Where(g => g.RelyingPartyId == Party).ToDictionaryAsync(g => g.Id, g => g.ReportNumber, ct);
        Requests = (await requirements.ForPartyAsync(Party, ct))
            .Select(r => new RequestRow(r, requirements.LinkFor(r), r.GrantId is { } g && numbers.TryGetValue(g, out var n) ? ReportNumbers.FormatNumber(n) : null)).ToList();
        if (CreatedRequestId is { } createdId)
            Created = Requests.FirstOrDefault(r => r.Requirement.Id == createdId);
        Grants = await grants.ForPartyAsync(Party, ct);
        Notices = await db.ChangeNotices.AsNoTracking().Where(n => n.RelyingPartyId == Party).OrderByDescending(n => n.Id).Take(100).ToListAsync(ct);
        Asked = await explanations.ForPartyAsync(Party, ct);
        History = await history.HistoryAsync(Party, 50, ct);
        if (Number is { Length: > 0 })
        {
            try
            {
                var (grant, report) = await grants.OpenAsync(Party, Number, ct);
                Opened = ReportContent.FromCanonicalJson(report.Content);
                OpenedNumber = ReportNumbers.FormatNumber(report.Number);
                if (grant.ShowChanges)
                    Changes = await PartyGrants.DifferencesAsync(db, report, ct);
            }
            catch (CreditProof.Workflows.WorkflowRefusedException e)
            {
                Error ??= MessageOf(e);
            }
        }
    }
}
