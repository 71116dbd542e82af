using System.Reflection;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.UniversalAccessibility;

namespace CreditProof.Rendering;

/// <summary>
/// A tagged PDF (the structure PDF/UA asks for, issue 17) with PDFsharp 6.2's UniversalAccessibility API, and the two
/// things that API cannot do. Its UAManager accepts drawing only on the newest page and never in a form; once it is
/// attached, every <c>DrawString</c> outside a structure element or artifact throws. So the content is drawn page by
/// page under it (<see cref="Start"/>), then it is detached (<see cref="Finish"/>): the page furniture drawn afterwards
/// on earlier pages (running heads, page numbers) is marked as an artifact here (<see cref="MarkLastContentAsArtifact"/>),
/// and the seal's forms (the signature's appearance) are drawn as annotations, outside the structure.
/// </summary>
public static class PdfTagging
{
    /// <summary>
    /// Makes <paramref name="document"/> a tagged PDF: <c>/MarkInfo /Marked true</c>, a <c>/StructTreeRoot</c> with its
    /// Document element, <c>/Lang</c> and <c>/ViewerPreferences /DisplayDocTitle true</c>. Call before anything else
    /// writes to the catalog (PDFsharp's own entries must be the typed ones).
    /// </summary>
    public static StructureBuilder Start(PdfDocument document, string language)
    {
        var manager = UAManager.ForDocument(document);
        manager.SetDocumentLanguage(language);
        return manager.StructureBuilder;
    }

    /// <summary>
    /// The structure is complete: detaches PDFsharp's UAManager so that earlier pages and forms can be drawn on again.
    /// The structure tree stays as built; what is drawn afterwards is outside it (mark page content as an artifact).
    /// </summary>
    public static void Finish(PdfDocument document) => Detach(document);

    /// <summary>
    /// Marks the content stream drawn last on <paramref name="page"/> (an <c>XGraphicsPdfPageOptions.Append</c> pass,
    /// disposed) as one pagination artifact, so that readers and screen readers skip it. Call before
    /// <see cref="PdfStreams.CompressBeforeSave"/>: the stream is still plain.
    /// </summary>
    public static void MarkLastContentAsArtifact(PdfPage page)
    {
        var elements = page.Contents.Elements;
        var content = (PdfContent)((PdfReference)elements[elements.Count - 1]).Value;
        var stream = content.Stream ?? throw new InvalidOperationException("The page's last content has no stream: mark it after its XGraphics is disposed.");
        var value = Concat(ArtifactBegin, stream.Value, ArtifactEnd);
        stream.Value = value;
        content.Elements.SetInteger("/Length", value.Length);
    }

    private static readonly byte[] ArtifactBegin = Encoding.ASCII.GetBytes("/Artifact <</Type /Pagination>> BDC\n");
    private static readonly byte[] ArtifactEnd = Encoding.ASCII.GetBytes("\nEMC\n");

    private static byte[] Concat(byte[] a, byte[] b, byte[] c)
    {
        var all = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        c.CopyTo(all, a.Length + b.Length);
        return all;
    }

    /// <summary>
    /// <c>PdfDocument._uaManager = null</c>: internal in PDFsharp 6.2 (the version the project stays on), the only way to
    /// end the UAManager's checks; if a later version renames it, every report fails loudly here and the PDF tests name the cause.
    /// </summary>
    private static readonly Action<PdfDocument> Detach = BindDetach();

    private static Action<PdfDocument> BindDetach()
    {
        var field = typeof(PdfDocument).GetField("_uaManager", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(UAManager))
            return _ => throw new InvalidOperationException("PDFsharp no longer has PdfDocument._uaManager; PdfTagging needs it to draw page numbers after the tagged content (PDFsharp 6.2.x).");
        return document => field.SetValue(document, null);
    }
}
