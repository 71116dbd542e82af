using System.Text.RegularExpressions;
using CreditProof.Web.Workflows;

namespace CreditProof.Web.Tests.Accessibility;

/// <summary>
/// Issue 17 (WCAG 3.3.1, 1.3.1): a form that answers a bad value in place links the message to its field with
/// <c>cp-error</c> (aria-describedby, aria-invalid) — checked on the rendered pages, and on every view, so that a new
/// form without it fails here.
/// </summary>
public sealed partial class FieldErrorTests(CreditProofWebFactory factory) : IClassFixture<CreditProofWebFactory>
{
    /// <summary>
    /// Views whose error is no field's: a step refused after its redirect (<see cref="WorkflowPageModel"/> pages and the
    /// pages that work the same way: the report page's share form, a record's objection and repair forms, the domain and
    /// report consoles), too many attempts, the layout.
    /// </summary>
    private static readonly string[] NotAFieldsError =
    [
        "Shared/_Layout.cshtml", "Shared/_ReportFormErrors.cshtml", "Verify/Index.cshtml", "Me/Reports/Detail.cshtml", "Me/Records/Detail.cshtml",
        "Operator/Domains.cshtml", "Operator/Reports.cshtml",
    ];

    [Fact]
    public void Every_view_that_shows_an_error_beside_a_form_links_it_to_the_field()
    {
        var pages = Path.Combine(ResourceRoot(), "src", "CreditProof.Web", "Pages");
        var workflowModels = typeof(WorkflowPageModel).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(WorkflowPageModel))).Select(t => t.FullName!).ToHashSet();
        var missing = new List<string>();
        foreach (var view in Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(pages, view).Replace('\\', '/');
            var razor = File.ReadAllText(view);
            var model = ModelLine().Match(razor).Groups[1].Value;
            if (!razor.Contains("<form", StringComparison.Ordinal) || !ErrorMessage().IsMatch(razor) || workflowModels.Contains(model) || NotAFieldsError.Contains(name))
                continue;
            if (!razor.Contains("cp-error=", StringComparison.Ordinal))
                missing.Add(name);
        }

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("/window?q=a", "window", "q")]
    [InlineData("/audit?subject=91140105MA0XXX9Q00", "auditor", "audit-subject")]
    public async Task A_search_with_a_bad_value_marks_its_field(string path, string role, string field)
    {
        var client = role == "window"
            ? await WebTestData.StaffAsync(factory, "window", "Demo-Window-2026")
            : await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");
        AssertLinked(await client.GetStringAsync(path), field);
    }

    [Fact]
    public async Task A_dashboard_filter_it_replaced_marks_its_field()
    {
        var auditor = await WebTestData.StaffAsync(factory, "auditor", "Demo-Auditor-2026");
        var html = await auditor.GetStringAsync("/operator/dashboard?Form.Silent=999");
        AssertLinked(html, "silent");
        Assert.DoesNotMatch("<input id=\"from\"[^>]*aria-invalid", html);
    }

    [Fact]
    public async Task Wrong_sign_in_share_code_and_demo_code_mark_their_fields()
    {
        var client = factory.CreateClient();
        AssertLinked(await (await Forms.PostAsync(client, "/signin/staff", new Dictionary<string, string> { ["UserName"] = "window", ["Password"] = "not-the-password" })).Content.ReadAsStringAsync(), "password");
        AssertLinked(await (await Forms.PostAsync(client, "/share", new Dictionary<string, string> { ["Code"] = "AAAA-BBBB-CCCC" })).Content.ReadAsStringAsync(), "code");
        AssertLinked(await (await Forms.PostAsync(client, "/signin/demo", new Dictionary<string, string> { ["Code"] = "" })).Content.ReadAsStringAsync(), "other-code");
    }

    [Fact]
    public async Task A_refused_template_marks_the_json_field()
    {
        var op = await WebTestData.StaffAsync(factory, "operator", "Demo-Operator-2026");
        AssertLinked(await (await Forms.PostAsync(op, "/operator/templates", new Dictionary<string, string> { ["Json"] = "{\"version\": 1}" })).Content.ReadAsStringAsync(), "json");
    }

    /// <summary>The field is invalid and described by a non-empty message with the id it names.</summary>
    private static void AssertLinked(string html, string id)
    {
        var field = Regex.Match(html, $"<(input|textarea|select) id=\"{Regex.Escape(id)}\"[^>]*>").Value;
        Assert.True(field.Length > 0, $"no field {id}");
        Assert.Contains("aria-invalid=\"true\"", field, StringComparison.Ordinal);
        Assert.Matches($"aria-describedby=\"([^\"]* )?{Regex.Escape(id)}-error\"", field);
        Assert.Matches($"id=\"{Regex.Escape(id)}-error\">[^<]+<", html);
    }

    private static string ResourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreditProof.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("CreditProof.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^@model\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex ModelLine();

    [GeneratedRegex("class=\"error-(text|summary)\"[^>]*role=\"alert\"|role=\"alert\"[^>]*class=\"error-(text|summary)\"")]
    private static partial Regex ErrorMessage();
}
