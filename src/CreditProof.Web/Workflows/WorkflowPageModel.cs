using System.Globalization;
using CreditProof.Storage;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Workflows;

/// <summary>
/// A page whose forms run one workflow step: on success it says so (<see cref="Message"/> is a resource key), on a
/// refusal it shows the reason in the reader's language, and either way it shows the page again with fresh data.
/// </summary>
public abstract class WorkflowPageModel : PageModel
{
    public string? Message { get; protected set; }

    public string? Error { get; protected set; }

    protected abstract Task LoadAsync(CancellationToken ct);

    protected async Task<IActionResult> RunStepAsync(Func<Task> step, CancellationToken ct, string successKey = "Saved")
    {
        try
        {
            await step();
            Message = successKey;
        }
        catch (WorkflowRefusedException e)
        {
            Error = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? e.MessageZh : e.MessageEn;
        }

        // The page reloads through the request's own DbContext: forget what the failed or finished step tracked.
        HttpContext.RequestServices.GetRequiredService<CreditProofDbContext>().ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }
}
