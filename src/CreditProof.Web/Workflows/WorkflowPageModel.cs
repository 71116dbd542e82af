using System.Globalization;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditProof.Web.Workflows;

/// <summary>
/// A page whose forms run one workflow step: on success it says so (<see cref="Message"/> is a resource key), on a
/// refusal it shows the reason in the reader's language, and either way it redirects to the page itself
/// (Post/Redirect/Get): the address carries no <c>?handler=</c> and a reload does not post again. The outcome travels to
/// that GET in TempData and is shown exactly once.
/// </summary>
public abstract class WorkflowPageModel : PageModel
{
    /// <summary>The TempData keys of the outcome; a page that redirects here after its own post may set them too.</summary>
    public const string MessageKey = "Message";

    public const string ErrorKey = "Error";

    /// <summary>The last step's success message, a resource key: from the post that redirected here, or from a step answered in place.</summary>
    public string? Message { get; private set; }

    /// <summary>A refusal in the reader's language; a page may also set it for what it finds when it loads (shown in that view only).</summary>
    public string? Error { get; protected set; }

    /// <summary>Reads (and so ends) the outcome a post left for this view.</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Message = TempData[MessageKey] as string;
        Error = TempData[ErrorKey] as string;
    }

    protected abstract Task LoadAsync(CancellationToken ct);

    protected async Task<IActionResult> RunStepAsync(Func<Task> step, CancellationToken ct, string successKey = "Saved")
    {
        try
        {
            await step();
            TempData[MessageKey] = successKey;
        }
        catch (WorkflowRefusedException e)
        {
            TempData[ErrorKey] = MessageOf(e);
        }

        return RedirectAfterPost();
    }

    /// <summary>
    /// A step whose result is a secret shown once (a new API key, a webhook secret): the page is rendered in answer to the
    /// post, never redirected, so the secret travels in no cookie and no address. Its success message is shown with it
    /// and stored nowhere, so the next view shows neither (site.js turns the answer into a plain GET of the page, so a
    /// reload does not post again).
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

    /// <summary>Ends a post that succeeded: its message is shown once on the page itself, as a GET (Post/Redirect/Get).</summary>
    protected IActionResult SucceededAndRedirect(string successKey)
    {
        TempData[MessageKey] = successKey;
        return RedirectAfterPost();
    }

    /// <summary>The page itself, as a GET with the same route values and no handler.</summary>
    protected IActionResult RedirectAfterPost() => Redirect(Request.PathBase + Request.Path);

    public static string MessageOf(WorkflowRefusedException e) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? e.MessageZh : e.MessageEn;
}
