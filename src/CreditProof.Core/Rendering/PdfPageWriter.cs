using System.Collections;
using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace CreditProof.Rendering;

/// <summary>Page size, margins and line spacing of a document, in points.</summary>
public sealed record PdfPageGeometry(double Width, double Height, double Left, double Right, double Top, double Bottom, double LineFactor)
{
    public double TextWidth => Right - Left;
}

/// <summary>One size and weight in the report font's faces (see <see cref="ReportFont"/>).</summary>
public sealed record PdfTextStyle(XFont Core, XFont More)
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly ConcurrentDictionary<string, XFont> _fallbacks = new(StringComparer.Ordinal);

    public double Size => Core.Size;

    public bool Bold => Core.Bold;

    public static PdfTextStyle Of(double size, bool bold) => new(Font(ReportFont.FamilyName, size, bold), Font(ReportFont.MoreFamilyName, size, bold));

    /// <summary>This style in <paramref name="family"/> (one of <see cref="ReportFont"/>'s).</summary>
    public XFont In(string family) => family switch
    {
        ReportFont.FamilyName => Core,
        ReportFont.MoreFamilyName => More,
        _ => _fallbacks.GetOrAdd(family, f => Font(f, Size, Bold)),
    };

    private static XFont Font(string family, double size, bool bold) => new(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);
}

/// <summary>
/// Draws and measures text in the report font's faces; character widths are cached. Works on characters (code points),
/// so a character beyond the BMP is never split. Thread-safe. Characters no installed font has are drawn as the
/// font's empty box and collected by <see cref="TrackMissing"/>, so that issuance can say so.
/// </summary>
public sealed class PdfText
{
    [ThreadStatic]
    private static HashSet<int>? _missing;
    private readonly ConcurrentDictionary<int, double> _unitWidths = new();
    private readonly PdfTextStyle _measure = PdfTextStyle.Of(100, bold: false);

    /// <summary>Collects, on this thread until disposed, the characters drawn that no installed font has.</summary>
    public static MissingCharacters TrackMissing() => new(_missing = []);

    internal static void StopTracking() => _missing = null;

    /// <summary>The text's characters, one string each (a surrogate pair stays together).</summary>
    public List<string> Runes(string value)
    {
        var runes = new List<string>(value.Length);
        foreach (var rune in value.EnumerateRunes())
            runes.Add(rune.ToString());
        return runes;
    }

    public double WidthOf(string rune, PdfTextStyle font, XGraphics g) =>
        _unitWidths.GetOrAdd(char.ConvertToUtf32(rune, 0), static (c, state) =>
            state.g.MeasureString(state.rune, state.measure.In(ReportFont.FamilyOf(c) ?? ReportFont.FamilyName)).Width / 100,
            (g, rune, measure: _measure)) * font.Size;

    public double Width(string value, PdfTextStyle font, XGraphics g) => Runes(value).Sum(r => WidthOf(r, font, g));

    public void Draw(XGraphics g, string text, PdfTextStyle font, double x, double y, XStringFormat format) =>
        Draw(g, text, font, new XRect(x, y, 0, 0), format);

    /// <summary>
    /// Draws text in the report font: in one call when every character is in the common face (the usual case), else in
    /// runs of one face each, placed one after another on the same baseline.
    /// </summary>
    public void Draw(XGraphics g, string text, PdfTextStyle font, XRect rect, XStringFormat format, XBrush? brush = null)
    {
        brush ??= XBrushes.Black;
        var runs = new List<(string Text, string Family)>();
        foreach (var rune in text.EnumerateRunes())
        {
            var family = ReportFont.FamilyOf(rune.Value);
            if (family is null)
            {
                _missing?.Add(rune.Value);
                family = ReportFont.FamilyName;
            }

            if (runs.Count > 0 && runs[^1].Family == family)
                runs[^1] = (runs[^1].Text + rune.ToString(), family);
            else
                runs.Add((rune.ToString(), family));
        }

        if (runs.Count <= 1 && (runs.Count == 0 || runs[0].Family == ReportFont.FamilyName))
        {
            if (rect.Width == 0 && rect.Height == 0)
                g.DrawString(text, font.Core, brush, rect.X, rect.Y, format);
            else
                g.DrawString(text, font.Core, brush, rect, format);
            return;
        }

        var width = Width(text, font, g);
        var x = format.Alignment switch
        {
            XStringAlignment.Center => rect.X + ((rect.Width - width) / 2),
            XStringAlignment.Far => rect.Right - width,
            _ => rect.X,
        };
        var runFormat = format.LineAlignment == XLineAlignment.Center ? XStringFormats.CenterLeft : XStringFormats.TopLeft;
        foreach (var (run, family) in runs)
        {
            var runWidth = Width(run, font, g);
            g.DrawString(run, font.In(family), brush, new XRect(x, rect.Y, runWidth, rect.Height), runFormat);
            x += runWidth;
        }
    }
}

/// <summary>The characters <see cref="PdfText"/> could not draw, in order of code point.</summary>
public sealed class MissingCharacters(HashSet<int> found) : IDisposable
{
    public IReadOnlyList<int> CodePoints => [.. found.Order()];

    public void Dispose() => PdfText.StopTracking();
}

/// <summary>
/// A cursor over pages: wraps CJK text character by character and starts a new page when one is full. Everything it
/// draws is tagged (<see cref="PdfTagging"/>): headings, paragraphs and tables are structure elements, rules and cell
/// borders artifacts; text drawn with <see cref="Text"/> goes into the element the caller opened with <see cref="Tag(PdfBlockLevelElementTag, string?)"/>.
/// </summary>
public sealed class PdfPageWriter(PdfDocument document, PdfText text, PdfPageGeometry page) : IDisposable
{
    private readonly StructureBuilder _structure = UAManager.ForDocument(document).StructureBuilder;
    private XGraphics? _graphics;

    public double Y { get; set; }

    public XGraphics Graphics => _graphics ?? NewPage();

    public int PageIndex => document.PageCount - 1;

    public XGraphics NewPage()
    {
        // The page first: PDFsharp's UAManager then closes the marked content still open on the page before, on its graphics.
        var pdfPage = document.AddPage();
        _graphics?.Dispose();
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

    /// <summary>Opens a structure element (in <paramref name="language"/> when it differs from the document's); dispose to close it.</summary>
    public Element Tag(PdfBlockLevelElementTag tag, string? language = null)
    {
        _structure.BeginElement(tag);
        if (language is not null)
            _structure.SetLanguage(language);
        return new Element(_structure);
    }

    /// <inheritdoc cref="Tag(PdfBlockLevelElementTag, string?)"/>
    public Element Tag(PdfInlineLevelElementTag tag, string? language = null)
    {
        _structure.BeginElement(tag);
        if (language is not null)
            _structure.SetLanguage(language);
        return new Element(_structure);
    }

    /// <summary>A header cell (TH) for its row or its column: what a screen reader announces with the other cells.</summary>
    public Element HeaderCell(bool forRow)
    {
        _structure.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
        _structure.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", forRow ? "/Row" : "/Column");
        return new Element(_structure);
    }

    /// <summary>Opens an artifact (decoration a screen reader skips) on this page; it must close before the page ends.</summary>
    public Element Artifact()
    {
        _ = Graphics;
        _structure.BeginArtifact();
        return new Element(_structure);
    }

    /// <summary>An image as a Figure with its alternative text, at <paramref name="rect"/> on this page.</summary>
    public void Figure(XImage image, XRect rect, string altText)
    {
        var g = Graphics;
        // The bounding box in the PDF's own coordinates: from the page's lower left corner.
        _structure.BeginElement(PdfIllustrationElementTag.Figure, altText, new XRect(rect.X, page.Height - rect.Bottom, rect.Width, rect.Height));
        g.DrawImage(image, rect);
        _structure.End();
    }

    /// <summary>Text at a place, in the element the caller opened.</summary>
    public void Text(string value, PdfTextStyle font, XRect rect, XStringFormat format) => text.Draw(Graphics, value, font, rect, format);

    /// <summary>One line of text at a place, as its own element (a title: H1; a line of text: P).</summary>
    public void Line(string value, PdfTextStyle font, XRect rect, XStringFormat format, PdfBlockLevelElementTag tag, string? language = null)
    {
        using (Tag(tag, language))
            Text(value, font, rect, format);
    }

    public void Heading(string heading, PdfTextStyle font, PdfBlockLevelElementTag tag = PdfBlockLevelElementTag.Heading2)
    {
        EnsureSpace((font.Size * page.LineFactor) + 60);
        using (Tag(tag))
            text.Draw(Graphics, heading, font, page.Left, Y, XStringFormats.TopLeft);
        Y += (font.Size * page.LineFactor) + 6;
    }

    /// <summary>A paragraph (P, or the heading <paramref name="tag"/> given), wrapped, running on to the next page when this one is full.</summary>
    public void Paragraph(string paragraphText, PdfTextStyle font, double x, double width, PdfBlockLevelElementTag tag = PdfBlockLevelElementTag.Paragraph, string? language = null)
    {
        using (Tag(tag, language))
            Lines(paragraphText, font, x, width);
    }

    /// <summary>Wrapped text in the element the caller opened (a table cell).</summary>
    public void Lines(string value, PdfTextStyle font, double x, double width)
    {
        var lineHeight = font.Size * page.LineFactor;
        foreach (var line in Wrap(value, font, width))
        {
            EnsureSpace(lineHeight);
            text.Draw(Graphics, line, font, x, Y, XStringFormats.TopLeft);
            Y += lineHeight;
        }
    }

    /// <summary>
    /// A label and its value beside it, in the element the caller opened (a record's paragraph). A label "中文\nEnglish"
    /// (a bilingual report) shows the English line below the Chinese one in <paramref name="secondLabelFont"/>.
    /// </summary>
    public void LabelledValue(string label, string value, PdfTextStyle labelFont, PdfTextStyle valueFont, double labelWidth, PdfTextStyle? secondLabelFont = null)
    {
        var lines = Wrap(value, valueFont, page.TextWidth - labelWidth - 8);
        var lineHeight = valueFont.Size * page.LineFactor;
        var parts = label.Split('\n', 2);
        var twoLines = parts.Length > 1 && secondLabelFont is not null;
        EnsureSpace(twoLines ? SecondLineHeight(valueFont, secondLabelFont!) : lineHeight);
        var top = Y;
        var page0 = PageIndex;
        text.Draw(Graphics, parts[0], labelFont, page.Left + 4, Y, XStringFormats.TopLeft);
        if (twoLines)
            text.Draw(Graphics, parts[1], secondLabelFont!, page.Left + 4, Y + (labelFont.Size * 1.3), XStringFormats.TopLeft);
        foreach (var line in lines)
        {
            EnsureSpace(lineHeight);
            text.Draw(Graphics, line, valueFont, page.Left + labelWidth, Y, XStringFormats.TopLeft);
            Y += lineHeight;
        }

        if (twoLines && PageIndex == page0)
            Y = Math.Max(Y, top + SecondLineHeight(valueFont, secondLabelFont!));
    }

    private static double SecondLineHeight(PdfTextStyle labelFont, PdfTextStyle secondLabelFont) => (labelFont.Size * 1.3) + (secondLabelFont.Size * 1.5);

    /// <summary>A horizontal rule across the text width: decoration, an artifact.</summary>
    public void Rule(double thickness)
    {
        EnsureSpace(4);
        using (Artifact())
            Graphics.DrawLine(new XPen(XColors.Black, thickness), page.Left, Y, page.Right, Y);
        Y += 4;
    }

    /// <summary>
    /// One table row (TR; the caller opens the Table), at least <paramref name="height"/> tall and taller when a cell's
    /// text wraps: every line of every cell is drawn, none is cut off. Cells are vertically centred. A
    /// <paramref name="header"/> row is shaded and its cells are column headers (TH); the others' are TD. The shading and
    /// borders are artifacts.
    /// </summary>
    public void TableRow(string[] cells, double[] columns, PdfTextStyle font, double height, bool header)
    {
        var lineHeight = font.Size * page.LineFactor;
        var wrapped = new List<string>[cells.Length];
        for (var i = 0; i < cells.Length; i++)
            wrapped[i] = Wrap(cells[i], font, columns[i] - 10);
        var lines = wrapped.Max(w => Math.Max(1, w.Count));
        height = Math.Max(height, (lines * lineHeight) + 8);
        EnsureSpace(height);
        var g = Graphics;
        using (Artifact())
        {
            var pen = new XPen(XColors.Black, 0.6);
            if (header)
                g.DrawRectangle(XBrushes.LightGray, page.Left, Y, page.TextWidth, height);
            var left = page.Left;
            foreach (var column in columns)
            {
                g.DrawRectangle(pen, left, Y, column, height);
                left += column;
            }
        }

        using (Tag(PdfBlockLevelElementTag.TableRow))
        {
            var x = page.Left;
            for (var i = 0; i < cells.Length; i++)
            {
                using (header ? HeaderCell(forRow: false) : Tag(PdfBlockLevelElementTag.TableDataCell))
                {
                    var top = Y + ((height - (Math.Max(1, wrapped[i].Count) * lineHeight)) / 2);
                    foreach (var line in wrapped[i])
                    {
                        text.Draw(g, line, font, new XRect(x + 5, top, columns[i] - 10, lineHeight), i == 0 ? XStringFormats.Center : XStringFormats.CenterLeft);
                        top += lineHeight;
                    }
                }

                x += columns[i];
            }
        }

        Y += height;
    }

    /// <summary>The height <see cref="LabelledValue"/> takes for <paramref name="value"/>.</summary>
    public double LabelledValueHeight(string label, string value, PdfTextStyle valueFont, double labelWidth, PdfTextStyle? secondLabelFont = null)
    {
        var height = Wrap(value, valueFont, page.TextWidth - labelWidth - 8).Count * valueFont.Size * page.LineFactor;
        return label.Contains('\n', StringComparison.Ordinal) && secondLabelFont is not null ? Math.Max(height, SecondLineHeight(valueFont, secondLabelFont)) : height;
    }

    /// <summary>
    /// Starts a new page unless <paramref name="height"/> fits on this one; a block taller than a whole page starts where
    /// at least <paramref name="minimum"/> fits and runs on.
    /// </summary>
    public void KeepTogether(double height, double minimum) =>
        EnsureSpace(height <= page.Bottom - page.Top ? height : minimum);

    /// <summary>
    /// Breaks text into lines character by character (CJK has no spaces), with the line-breaking rules of Chinese
    /// typesetting (禁则, GB/T 15834 and JIS X 4051): no line starts with closing punctuation (、，。）」 …) and none ends
    /// with opening punctuation (（「《 …); a character is pulled down from the line above to keep the rule.
    /// </summary>
    public List<string> Wrap(string value, PdfTextStyle font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in value.Split('\n'))
        {
            var runes = text.Runes(paragraph);
            var start = 0;
            double used = 0;
            for (var i = 0; i < runes.Count; i++)
            {
                var w = text.WidthOf(runes[i], font, Graphics);
                if (used + w > width && i > start)
                {
                    var end = i;
                    while (end > start + 1 && (NotAtLineStart(runes[end]) || NotAtLineEnd(runes[end - 1])))
                        end--;
                    if (end == start + 1 && (NotAtLineStart(runes[end]) || NotAtLineEnd(runes[end - 1])))
                        end = i; // nowhere to break by the rules within a one-character line: keep the width
                    lines.Add(string.Concat(runes.GetRange(start, end - start)));
                    start = end;
                    used = runes.GetRange(start, i - start).Sum(r => text.WidthOf(r, font, Graphics));
                }

                used += w;
            }

            lines.Add(string.Concat(runes.GetRange(start, runes.Count - start)));
        }

        return lines;
    }

    private const string ClosingPunctuation = "、，。．,.：:；;！!？?）)］]｝}〕〉》」』】〗〙〛’”»›‰％%°℃・·…‥—–～ー々ゝゞ〻";
    private const string OpeningPunctuation = "（(［[｛{〔〈《「『【〖〘〚‘“«‹";

    public static bool NotAtLineStart(string rune) => rune.Length == 1 && ClosingPunctuation.Contains(rune[0], StringComparison.Ordinal);

    public static bool NotAtLineEnd(string rune) => rune.Length == 1 && OpeningPunctuation.Contains(rune[0], StringComparison.Ordinal);

    public void Dispose() => _graphics?.Dispose();

    /// <summary>An open structure element or artifact; disposing it closes it.</summary>
    public readonly struct Element(StructureBuilder structure) : IDisposable
    {
        public void Dispose() => structure.End();
    }
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
