using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;

namespace CreditProof.Rendering;

/// <summary>
/// A round red official seal (公章) drawn as vectors: a ring, a five-pointed star in the middle, <see cref="ArcText"/>
/// along the upper arc (its characters upright towards the centre) and <see cref="CenterText"/> across below the star.
/// Text is set in the report font (a face of just the seal's characters, <see cref="ReportFont.SealFamily"/>), embedded
/// as a subset and extractable. Used as the appearance of the PDF's signature field, so the seal is what a reader shows
/// as the signature.
/// </summary>
public sealed class PdfSeal(string arcText, string centerText) : IAnnotationAppearanceHandler
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly string _family = ReportFont.SealFamily(arcText + centerText);

    public static readonly XColor Red = XColor.FromArgb(0xE6, 0x00, 0x12);

    public string ArcText => arcText;

    public string CenterText => centerText;

    /// <summary>
    /// Draws the seal once into a form nothing refers to (dropped at save), so that the document's font table holds the
    /// seal's face and characters before <see cref="PdfStreams.CompressBeforeSave"/>: its subset and map are then
    /// compressed with the others instead of being made, uncompressed, while the signature is written.
    /// </summary>
    public void AddFontTo(PdfDocument document, double size)
    {
        var form = new XForm(document, new XSize(size, size));
        using var g = XGraphics.FromForm(form);
        Draw(g, new XRect(0, 0, size, size));
    }

    /// <summary>PDFsharp passes the annotation's rectangle on the page; the appearance form's own origin is its corner.</summary>
    public void DrawAppearance(XGraphics gfx, XRect rect) => Draw(gfx, new XRect(0, 0, rect.Width, rect.Height));

    public void Draw(XGraphics g, XRect rect)
    {
        var brush = new XSolidBrush(Red);
        var r = Math.Min(rect.Width, rect.Height) / 2;
        var cx = rect.X + (rect.Width / 2);
        var cy = rect.Y + (rect.Height / 2);
        var ring = r * 0.055;
        g.DrawEllipse(new XPen(Red, ring), cx - r + (ring / 2), cy - r + (ring / 2), (2 * r) - ring, (2 * r) - ring);

        Star(g, brush, cx, cy, r * 0.27);

        // The name along 240° of the upper arc, as on a 公章: first character at the lower left, last at the lower right.
        var arc = arcText.EnumerateRunes().Select(c => c.ToString()).ToList();
        if (arc.Count > 0)
        {
            var size = Math.Min(r * 0.26, (r * 0.78 * Math.PI * 240 / 180 / arc.Count) * 0.92);
            var style = Font(size);
            var span = Math.Min(240.0, arc.Count * size / (r * 0.78) * 180 / Math.PI * 1.08);
            for (var i = 0; i < arc.Count; i++)
            {
                var angle = -span / 2 + (span * (i + 0.5) / arc.Count);
                var state = g.Save();
                g.RotateAtTransform(angle, new XPoint(cx, cy));
                g.DrawString(arc[i], style, brush, new XRect(cx - size, cy - r + (ring * 1.8), 2 * size, size * 1.2), XStringFormats.TopCenter);
                g.Restore(state);
            }
        }

        if (centerText.Length > 0)
        {
            var width = r * 1.3;
            var measured = g.MeasureString(centerText, Font(10)).Width;
            var size = Math.Min(r * 0.17, measured > 0 ? 10 * width / measured : r * 0.17);
            g.DrawString(centerText, Font(size), brush, new XRect(cx - (width / 2), cy + (r * 0.38), width, size * 1.3), XStringFormats.TopCenter);
        }
    }

    private XFont Font(double size) => new(_family, size, XFontStyleEx.Bold, Unicode);

    private static void Star(XGraphics g, XBrush brush, double cx, double cy, double outer)
    {
        var inner = outer * 0.382; // the regular pentagram's ratio
        var points = new XPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var radius = i % 2 == 0 ? outer : inner;
            var angle = (-90 + (36 * i)) * Math.PI / 180;
            points[i] = new XPoint(cx + (radius * Math.Cos(angle)), cy + (radius * Math.Sin(angle)));
        }

        g.DrawPolygon(brush, points, XFillMode.Winding);
    }
}
