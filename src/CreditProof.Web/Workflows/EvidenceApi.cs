using CreditProof.Audit;
using CreditProof.Objections;
using CreditProof.Repairs;
using CreditProof.Web.Hosting;
using CreditProof.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditProof.Web.Workflows;

/// <summary>A link to one evidence file, as the record, inbox and console pages list them.</summary>
public sealed record EvidenceLink(string Href, string FileName, long Size)
{
    public static string ObjectionHref(long attachmentId) => "/evidence/objections/" + attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string RepairHref(long attachmentId) => "/evidence/repairs/" + attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reads a form's uploaded files for <see cref="AttachmentStore"/>; the store decides what is accepted.</summary>
public static class EvidenceUploads
{
    public static async Task<IReadOnlyList<AttachmentUpload>> ReadAsync(IEnumerable<IFormFile> files, CancellationToken ct)
    {
        var uploads = new List<AttachmentUpload>();
        foreach (var file in files.Where(f => f.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            uploads.Add(new AttachmentUpload(file.FileName, file.ContentType, buffer.ToArray()));
        }

        return uploads;
    }
}

/// <summary>
/// Evidence downloads: the subject who uploaded it, the unit that decides and the operator may open an objection's or
/// a repair application's files (<see cref="EvidenceAccess"/>); anyone else gets 404. Staff downloads are audited with
/// the subject they concern (<see cref="AuditRequests"/>).
/// </summary>
public static class EvidenceApi
{
    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var evidence = app.MapGroup("/evidence").RequireAuthorization(Policies.Evidence).ExcludeFromDescription();
        evidence.MapGet("/objections/{id:long}", ObjectionFile);
        evidence.MapGet("/repairs/{id:long}", RepairFile);
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> ObjectionFile(long id, ObjectionService objections, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (file, content) = await objections.OpenAttachmentAsync(http.User.ToActor(), id, ct);
            return Send(file, content, "objection-attachment", id);
        }
        catch (WorkflowRefusedException)
        {
            return TypedResults.NotFound();
        }
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> RepairFile(long id, RepairService repairs, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (file, content) = await repairs.OpenAttachmentAsync(http.User.ToActor(), id, ct);
            return Send(file, content, "repair-attachment", id);
        }
        catch (WorkflowRefusedException)
        {
            return TypedResults.NotFound();
        }
    }

    private static FileStreamHttpResult Send(EvidenceFile file, Stream content, string objectType, long id)
    {
        AuditContext.Concerns(file.SubjectId);
        if (AuditContext.Current is { } scope)
            scope.ObjectId = $"{objectType}:{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        // A download, never rendered inline: the file came from a subject and is only checked by its first bytes.
        return TypedResults.File(content, file.ContentType, file.FileName);
    }
}
