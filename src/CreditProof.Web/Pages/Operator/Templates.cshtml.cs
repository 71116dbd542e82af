using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Web.Hosting;
using CreditProof.Web.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CreditProof.Web.Pages.Operator;

/// <summary>Report template versions: which one new reports use, and a new version uploaded or pasted (validated first).</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class TemplatesModel(CreditProofDbContext db, ReportTemplateStore store, IStringLocalizer<SharedResource> localizer, ILogger<TemplatesModel> logger) : PageModel
{
    /// <summary>Larger than any sensible template; a bigger upload is refused before it is read.</summary>
    public const int MaxBytes = 256 * 1024;

    public IReadOnlyList<(string Version, DateTime? CreatedAt, string CreatedBy)> Versions { get; private set; } = [];

    public string ActiveVersion { get; private set; } = "";

    public string? Error { get; private set; }

    /// <summary>The version the last post added, shown once on the page the post redirected to.</summary>
    [TempData]
    public string? Added { get; set; }

    [BindProperty]
    public string? Json { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var json = Json;
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > MaxBytes)
            {
                Error = localizer["TemplateTooLarge", MaxBytes / 1024];
                await LoadAsync(ct);
                return Page();
            }

            using var reader = new StreamReader(Upload.OpenReadStream());
            json = await reader.ReadToEndAsync(ct);
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            Error = localizer["TemplateEmpty"];
        }
        else
        {
            try
            {
                var template = await store.AddAsync(db, json, "portal:" + User.StaffUserName(), ct);
                logger.LogInformation("Operator {Operator} added report template version {Version}", User.StaffUserName(), template.Version);
                Added = template.Version;
                return RedirectToPage();
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
            {
                // The store's messages name the field or the version that is wrong.
                Error = e.Message;
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The JSON of a version, to start the next one from.</summary>
    public async Task<IActionResult> OnGetJsonAsync(string version, CancellationToken ct)
    {
        var json = version == ReportTemplateStore.EmbeddedVersion
            ? System.Text.Json.JsonSerializer.Serialize(ReportTemplateStore.Default, JsonOptions)
            : (await db.ReportTemplates.FindAsync([version], ct))?.Json;
        return json is null ? NotFound() : File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"report-template-{version}.json");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        Versions = await store.ListAsync(db, ct);
        ActiveVersion = (await store.CurrentAsync(db, ct)).Version;
    }
}
