using System.Globalization;
using CreditProof.Reports;
using CreditProof.Sharing;
using CreditProof.Storage;
using CreditProof.Verification;
using CreditProof.Web.Hosting;
using CreditProof.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Pages.Share;

/// <summary>The full report for a relying party holding a valid share code (授权): verification, records and the PDF.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class ViewModel(ShareGrants grants, ReportVerifier verifier, AccessLog log, TypedCodeThrottle throttle, IServiceProvider services) : PageModel
{
    public string Code { get; private set; } = "";

    public string? Refusal { get; private set; }

    public VerificationOutcome? Outcome { get; private set; }

    public ReportContent? Report { get; private set; }

    public string Purpose { get; private set; } = "";

    public string GrantExpires { get; private set; } = "";

    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Code = code;
        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        if (!throttle.TryAcquire(HttpContext))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Refusal = chinese ? "尝试次数过多，请一分钟后再试" : "Too many attempts from this address; wait a minute.";
            return;
        }

        try
        {
            var (grant, report) = await grants.RedeemAsync(code, ct);
            var outcome = await verifier.VerifyQrAsync(report.QrText, services.GetRequiredService<CreditProofDbContext>, ct);
            Outcome = outcome with { Status = report.Status, StatusReason = report.StatusReason };
            Report = ReportContent.FromCanonicalJson(report.Content);
            Purpose = grant.RelyingParty is null ? grant.Purpose : $"{grant.Purpose}（{grant.RelyingParty}）";
            GrantExpires = grant.ExpiresAt.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            log.RecordAccess(HttpContext, report.Number, AccessKind.ShareView, grant.Id);
        }
        catch (ShareRefusedException e)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Refusal = chinese ? e.MessageZh : e.MessageEn;
        }
    }
}
