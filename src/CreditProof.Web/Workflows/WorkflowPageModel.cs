using System.Globalization;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Workflows;

/// <summary>
/// A page whose forms run one workflow step: on success it says so (<see cref="Message"/> is a resource key), on a
/// refusal it shows the reason in the reader's language, and either way it redirects to the page itself
/// (Post/Redirect/Get): the address carries no <c>?handler=</c> and a reload does not post again.
/// </summary>
public abstract class WorkflowPageModel : PageModel
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

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
            Error = MessageOf(e);
        }

        return RedirectAfterPost();
    }

    /// <summary>
    /// A step whose result is a secret shown once (a new API key, a webhook secret): the page is rendered in answer to the
    /// post, never redirected, so the secret travels in no cookie and no address and is gone on reload (the success
    /// message, a resource key, is kept as TempData and may show once more on the next view).
    /// </summary>
    protected async Task<IActionResult> RunStepShowingSecretAsync(Func<Task> step, string successKey, CancellationToken ct)
    {
        try
        {
            await step();
            Message = successKey;
        }
        catch (WorkflowRefusedException e)
        {
            Error = MessageOf(e);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The page itself, as a GET with the same route values and no handler.</summary>
    protected IActionResult RedirectAfterPost() => Redirect(Request.PathBase + Request.Path);

    public static string MessageOf(WorkflowRefusedException e) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? e.MessageZh : e.MessageEn;
}
