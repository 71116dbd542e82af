using System.Collections;
using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CreditProof.Rendering;

/// <summary>Page size, margins and line spacing of a document, in points.</summary>
public sealed record PdfPageGeometry(double Width, double Height, double Left, double Right, double Top, double Bottom, double LineFactor)
{
    public double TextWidth => Right - Left;
}

/// <summary>One size and weight in both faces of the report font (see <see cref="ReportFont"/>).</summary>
public sealed record PdfTextStyle(XFont Core, XFont More)
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    public double Size => Core.Size;

    public static PdfTextStyle Of(double size, bool bold) => new(
        new XFont(ReportFont.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode),
        new XFont(ReportFont.MoreFamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode));
}

/// <summary>Draws and measures text in the report font's two faces; character widths are cached. Thread-safe.</summary>
public sealed class PdfText
{
    private readonly ConcurrentDictionary<char, double> _unitWidths = new();
    private readonly PdfTextStyle _measure = PdfTextStyle.Of(100, bold: false);

    public double WidthOf(char ch, PdfTextStyle font, XGraphics g) =>
        _unitWidths.GetOrAdd(ch, static (c, state) => state.g.MeasureString(c.ToString(), ReportFont.InMoreFace(c) ? state.measure.More : state.measure.Core).Width / 100,
            (g, measure: _measure)) * font.Size;

    public void Draw(XGraphics g, string text, PdfTextStyle font, double x, double y, XStringFormat format) =>
        Draw(g, text, font, new XRect(x, y, 0, 0), format);

    /// <summary>
    /// Draws text in the report font: in one call when every character is in the common face (the usual case), else in
    /// runs of one face each, placed one after another on the same baseline.
    /// </summary>
    public void Draw(XGraphics g, string text, PdfTextStyle font, XRect rect, XStringFormat format)
    {
        if (!text.Any(ReportFont.InMoreFace))
        {
            if (rect.Width == 0 && rect.Height == 0)
                g.DrawString(text, font.Core, XBrushes.Black, rect.X, rect.Y, format);
            else
                g.DrawString(text, font.Core, XBrushes.Black, rect, format);
            return;
        }

        var width = text.Sum(c => WidthOf(c, font, g));
        var x = format.Alignment switch
        {
            XStringAlignment.Center => rect.X + ((rect.Width - width) / 2),
            XStringAlignment.Far => rect.Right - width,
            _ => rect.X,
        };
        var runFormat = format.LineAlignment == XLineAlignment.Center ? XStringFormats.CenterLeft : XStringFormats.TopLeft;
        var start = 0;
        while (start < text.Length)
        {
            var more = ReportFont.InMoreFace(text[start]);
            var end = start + 1;
            while (end < text.Length && ReportFont.InMoreFace(text[end]) == more)
                end++;
            var run = text[start..end];
            var runWidth = run.Sum(c => WidthOf(c, font, g));
            g.DrawString(run, more ? font.More : font.Core, XBrushes.Black, new XRect(x, rect.Y, runWidth, rect.Height), runFormat);
            x += runWidth;
            start = end;
        }
    }
}

/// <summary>A cursor over pages: wraps CJK text character by character and starts a new page when one is full.</summary>
public sealed class PdfPageWriter(PdfDocument document, PdfText text, PdfPageGeometry page) : IDisposable
{
    private XGraphics? _graphics;

    public double Y { get; set; }

    public XGraphics Graphics => _graphics ?? NewPage();

    public int PageIndex => document.PageCount - 1;

    public XGraphics NewPage()
    {
        _graphics?.Dispose();
        var pdfPage = document.AddPage();
        pdfPage.Width = XUnit.FromPoint(page.Width);
        pdfPage.Height = XUnit.FromPoint(page.Height);
        _graphics = XGraphics.FromPdfPage(pdfPage);
        Y = page.Top;
        return _graphics;
    }

    public void EnsureSpace(double height)
    {
        if (_graphics is null || Y + height > page.Bottom)
            NewPage();
    }

    public void Heading(string heading, PdfTextStyle font)
    {
        EnsureSpace((font.Size * page.LineFactor) + 60);
        text.Draw(Graphics, heading, font, page.Left, Y, XStringFormats.TopLeft);
        Y += (font.Size * page.LineFactor) + 6;
    }

    public void Paragraph(string paragraphText, PdfTextStyle font, double x, double width)
    {
        var lineHeight = font.Size * page.LineFactor;
        foreach (var line in Wrap(paragraphText, font, width))
        {
            EnsureSpace(lineHeight);
            text.Draw(Graphics, line, font, x, Y, XStringFormats.TopLeft);
            Y += lineHeight;
        }
    }

    public void LabelledValue(string label, string value, PdfTextStyle labelFont, PdfTextStyle valueFont, double labelWidth)
    {
        var lines = Wrap(value, valueFont, page.TextWidth - labelWidth - 8);
        var lineHeight = valueFont.Size * page.LineFactor;
        EnsureSpace(lineHeight);
        text.Draw(Graphics, label, labelFont, page.Left + 4, Y, XStringFormats.TopLeft);
        foreach (var line in lines)
        {
            EnsureSpace(lineHeight);
            text.Draw(Graphics, line, valueFont, page.Left + labelWidth, Y, XStringFormats.TopLeft);
            Y += lineHeight;
        }
    }

    public void Rule(double thickness)
    {
        EnsureSpace(4);
        Graphics.DrawLine(new XPen(XColors.Black, thickness), page.Left, Y, page.Right, Y);
        Y += 4;
    }

    public void TableRow(string[] cells, double[] columns, PdfTextStyle font, double height, bool shade)
    {
        EnsureSpace(height);
        var g = Graphics;
        var pen = new XPen(XColors.Black, 0.6);
        if (shade)
            g.DrawRectangle(XBrushes.LightGray, page.Left, Y, page.TextWidth, height);
        var x = page.Left;
        for (var i = 0; i < cells.Length; i++)
        {
            g.DrawRectangle(pen, x, Y, columns[i], height);
            var cell = Wrap(cells[i], font, columns[i] - 10).FirstOrDefault() ?? "";
            text.Draw(g, cell, font, new XRect(x + 5, Y, columns[i] - 10, height), i == 0 ? XStringFormats.Center : XStringFormats.CenterLeft);
            x += columns[i];
        }

        Y += height;
    }

    private List<string> Wrap(string value, PdfTextStyle font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in value.Split('\n'))
        {
            var start = 0;
            double used = 0;
            for (var i = 0; i < paragraph.Length; i++)
            {
                var w = text.WidthOf(paragraph[i], font, Graphics);
                if (used + w > width && i > start)
                {
                    lines.Add(paragraph[start..i]);
                    start = i;
                    used = 0;
                }

                used += w;
            }

            lines.Add(paragraph[start..]);
        }

        return lines;
    }

    public void Dispose() => _graphics?.Dispose();
}

/// <summary>A QR matrix as an image for a PDF page.</summary>
public static class PdfQrImage
{
    /// <summary>
    /// The QR code as a 1-bit image, one pixel per module, drawn without interpolation: a few hundred bytes, crisp at any
    /// zoom, and far cheaper to write and to rasterise than thousands of rectangles.
    /// </summary>
    public static (XImage Image, MemoryStream Stream) From(BitArray[] matrix)
    {
        var size = matrix.Length;
        var rowBytes = ((size + 31) / 32) * 4;
        const int headerSize = 14 + 40 + 8;
        var bmp = new byte[headerSize + (rowBytes * size)];
        var span = bmp.AsSpan();
        span[0] = (byte)'B';
        span[1] = (byte)'M';
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[2..], bmp.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[10..], headerSize);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[14..], 40);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[18..], size);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[22..], size);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[28..], 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[34..], rowBytes * size);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[38..], 2835);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[42..], 2835);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[46..], 2);
        // Palette: index 0 black, index 1 white.
        span[58] = span[59] = span[60] = 0xFF;
        for (var row = 0; row < size; row++)
        {
            var line = span.Slice(headerSize + ((size - 1 - row) * rowBytes), rowBytes); // BMP rows run bottom-up
            for (var col = 0; col < size; col++)
            {
                if (!matrix[row][col])
                    line[col / 8] |= (byte)(0x80 >> (col % 8));
            }
        }

        var stream = new MemoryStream(bmp, writable: false);
        var image = XImage.FromStream(stream);
        image.Interpolate = false;
        return (image, stream);
    }
}
