using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CreditProof.Reports;

/// <summary>What the PDF shows besides the content: the verification block's data.</summary>
/// <remarks><see cref="QrModules"/> may still be computing: the QR code is drawn last, in the footer pass.</remarks>
public sealed record ReportPdfExtras(string VerificationCode, Task<BitArray[]> QrModules, string VerificationUrl, string AlgorithmName, string KeyId, string ContentDigestHex);

/// <summary>
/// Renders a report as an A4 PDF with PDFsharp: black on white, the CJK font embedded as a subset (text extractable),
/// cover, 报告说明, summary table, record details, verification block with QR code, 第 x 页 共 y 页 footer on every page.
/// Thread-safe; writes straight to memory.
/// </summary>
public sealed class ReportPdfRenderer
{
    private const double PageWidth = 595.276; // A4, points
    private const double PageHeight = 841.89;
    private const double Left = 62;
    private const double Right = PageWidth - 62;
    private const double Top = 68;
    private const double Bottom = PageHeight - 72;
    private const double Width = Right - Left;
    private const double LineFactor = 1.5;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly ConcurrentDictionary<char, double> _unitWidths = new();
    private readonly TimeSpan _offset;
    private readonly DateOnly _collectionStart;
    private readonly Style _title;
    private readonly Style _heading;
    private readonly Style _subheading;
    private readonly Style _body;
    private readonly Style _bodyBold;
    private readonly Style _small;
    private readonly Style _measure;

    public ReportPdfRenderer(ReportOptions options, PlatformOptions platform)
    {
        ReportFont.Install(options.FontPath, options.FontFaceIndex);
        _offset = platform.UtcOffset;
        _collectionStart = platform.CollectionStart;
        _title = Font(30, bold: true);
        _heading = Font(14, bold: true);
        _subheading = Font(11.5, bold: true);
        _body = Font(10.5, bold: false);
        _bodyBold = Font(10.5, bold: true);
        _small = Font(8, bold: false);
        _measure = Font(100, bold: false);
    }

    private static Style Font(double size, bool bold) => new(
        new XFont(ReportFont.FamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode),
        new XFont(ReportFont.MoreFamilyName, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode));

    /// <summary>One size and weight in both faces of the report font (see <see cref="ReportFont"/>).</summary>
    private sealed record Style(XFont Core, XFont More)
    {
        public double Size => Core.Size;
    }

    public byte[] Render(ReportContent content, ReportTemplate t, ReportPdfExtras extras)
    {
        var qrPlaces = new List<(int Page, double X, double Y, double Size)>();
        using var document = new PdfDocument();
        document.Info.Title = $"{t.Title} {ReportNumbers.FormatNumber(content.Number)}";
        document.Info.Author = t.PlatformName;
        document.Info.Creator = "CreditProof";
        document.Info.Subject = content.Subject.Name;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        document.Options.CompressContentStreams = true;

        var w = new Writer(this, document);
        try
        {
            Cover(w, content, t, extras, qrPlaces);
            w.NewPage();
            Explanation(w, content, t);
            Summary(w, content, t);
            Details(w, content, t);
            CommitmentSection(w, content, t);
            Verification(w, t, extras, qrPlaces);
        }
        finally
        {
            w.Dispose();
        }

        var (qr, qrStream) = QrImage(extras.QrModules.GetAwaiter().GetResult());
        using var qrImageStream = qrStream;
        using var qrImage = qr;
        Footers(document, content, t, extras, qr, qrPlaces);
        using var stream = new MemoryStream(96 * 1024);
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private void Cover(Writer w, ReportContent c, ReportTemplate t, ReportPdfExtras extras, List<(int Page, double X, double Y, double Size)> qrPlaces)
    {
        var g = w.Graphics;
        if (t.BrandLine.Length > 0)
            Draw(g, t.BrandLine, _subheading, new XRect(Left, 90, Width, 20), XStringFormats.TopCenter);
        Draw(g, t.Title, _title, new XRect(Left, 140, Width, 50), XStringFormats.TopCenter);
        if (t.Subtitle.Length > 0)
            Draw(g, t.Subtitle, _body, new XRect(Left, 192, Width, 20), XStringFormats.TopCenter);

        var l = t.CoverLabels;
        var rows = new List<(string, string)>
        {
            (l.ReportNumber, ReportNumbers.FormatNumber(c.Number)),
            (l.SubjectName, c.Subject.Name),
            (c.Subject.IsNaturalPerson ? l.PersonalId : l.CreditCode, c.Subject.DisplayCode),
            (l.SubjectType, c.Subject.TypeZh),
            (l.Period, $"{Date(c.From)} 至 {Date(c.To)}"),
            (l.Domains, DomainsText(c, t)),
        };
        if (c.Purpose is not null)
            rows.Add((l.Purpose, c.Purpose));
        rows.Add((l.IssuedAt, Time(c.IssuedAt)));
        rows.Add((l.DataAsOf, Time(c.DataAsOf)));
        rows.Add((l.ValidUntil, Time(c.ExpiresAt)));
        rows.Add((l.Issuer, t.PlatformName));
        rows.Add((l.VerificationCode, extras.VerificationCode));

        w.Y = 250;
        const double labelWidth = 118;
        foreach (var (label, value) in rows)
        {
            Draw(g, label + "：", _bodyBold, Left + 30, w.Y, XStringFormats.TopLeft);
            w.Paragraph(value, _body, Left + 30 + labelWidth, Width - 60 - labelWidth);
            w.Y += 3;
        }

        // Version 15 (77 modules) needs about 0.5 mm per module to scan reliably from paper.
        const double qrSize = 140;
        qrPlaces.Add((w.PageIndex, (PageWidth - qrSize) / 2, Math.Max(w.Y + 16, Bottom - qrSize - 24), qrSize));
    }

    private void Explanation(Writer w, ReportContent c, ReportTemplate t)
    {
        w.Heading(t.Headings.Explanation, _heading);
        var notChosen = c.AllDomains
            ? t.NotChosenAll
            : ReportTemplate.Fill(t.NotChosenSome, ("chosen", Int(c.Domains.Count)), ("notChosen", Int(c.DomainsNotChosen)));
        foreach (var paragraph in t.Explanation)
        {
            var text = ReportTemplate.Fill(paragraph, ("platform", t.PlatformName), ("from", Date(c.From)), ("to", Date(c.To)),
                ("collectionStart", Date(_collectionStart)), ("notChosen", notChosen));
            w.Paragraph(text, _body, Left, Width);
            w.Y += 4;
        }

        w.Y += 10;
    }

    private void Summary(Writer w, ReportContent c, ReportTemplate t)
    {
        w.Heading(t.Headings.Summary, _heading);
        double[] columns = [44, 170, Width - 214];
        var rowHeight = 10.5 * LineFactor + 8;
        var header = t.SummaryColumns;
        w.TableRow([header[0], header[1], header[2]], columns, _bodyBold, rowHeight, shade: true);
        var i = 0;
        foreach (var d in c.Domains)
        {
            i++;
            var conclusion = d.Clean ? t.NoRecord : ReportTemplate.Fill(t.RecordCount, ("count", Int(d.Records.Count)));
            w.TableRow([Int(i), d.NameZh, conclusion], columns, d.Clean ? _body : _bodyBold, rowHeight, shade: false);
        }

        w.Y += 6;
        if (!c.AllDomains)
            w.Paragraph(ReportTemplate.Fill(t.NotChosenSome, ("chosen", Int(c.Domains.Count)), ("notChosen", Int(c.DomainsNotChosen))), _small, Left, Width);
        w.Y += 12;
    }

    private void Details(Writer w, ReportContent c, ReportTemplate t)
    {
        w.Heading(t.Headings.Details, _heading);
        if (c.RecordCount == 0)
        {
            w.Paragraph(t.NoRecordsAtAll, _body, Left, Width);
            w.Y += 12;
            return;
        }

        var l = t.RecordLabels;
        var n = 0;
        foreach (var d in c.Domains.Where(d => !d.Clean))
        {
            w.EnsureSpace(80);
            w.Paragraph($"{d.NameZh}（{ReportTemplate.Fill(t.RecordCount, ("count", Int(d.Records.Count)))}）", _subheading, Left, Width);
            w.Y += 4;
            foreach (var r in d.Records)
            {
                n++;
                var fields = new List<(string, string?)>
                {
                    (l.Type, $"{n}. {r.Type.NameZh()}"),
                    (l.DocumentNumber, r.DocumentNumber),
                    (l.DecisionDate, Date(r.DecisionDate)),
                    (l.Authority, Join(r.AuthorityName, r.AuthorityCode)),
                    (l.ViolationType, r.ViolationType),
                    (l.ListName, r.ListName),
                    (l.Category, r.Category),
                    (l.Facts, r.Facts),
                    (l.LegalBasis, r.LegalBasis),
                    (l.Content, r.Content),
                    (l.Fine, Money(r.FineFen, t)),
                    (l.Confiscated, Money(r.ConfiscatedFen, t)),
                    (l.Licence, r.LicenceAffected),
                    (l.ValidUntil, r.ValidUntil is { } vu ? Date(vu) : null),
                    (l.PublicityEnd, r.PublicityEnd is { } pe ? Date(pe) : null),
                    (l.EffectiveOn, r.EffectiveOn is { } eo ? Date(eo) : null),
                    (l.RemovedOn, r.RemovedOn is { } ro ? Date(ro) : null),
                    (l.Unit, Join(r.UnitName, r.UnitCode)),
                    // 565号: a repaired record stays, marked 已修复 with the repair date.
                    (l.Repair, r.Repaired ? $"{t.Repaired}（{(r.RepairedOn is { } ro2 ? Date(ro2) : "—")}）{(r.RepairNote is null ? "" : " " + r.RepairNote)}"
                        : r.PublicityEnded ? $"{t.PublicityEnded}（{(r.RepairedOn is { } pe2 ? Date(pe2) : "—")}）" : null),
                    // 已更正 only for a correction: a repaired record is labelled 已修复 above, not corrected.
                    (l.Version, r.Corrected ? ReportTemplate.Fill(t.Corrected, ("version", Int(r.Version))) : null),
                    (t.ObjectionLabel, r.UnderObjection ? t.UnderObjection : null),
                };
                w.EnsureSpace(60);
                w.Rule(0.8);
                foreach (var (label, value) in fields)
                {
                    if (string.IsNullOrWhiteSpace(value))
                        continue;
                    w.LabelledValue(label, value, _bodyBold, _body, 96);
                }

                w.Y += 8;
            }
        }

        w.Rule(0.8);
        w.Y += 12;
    }

    private void CommitmentSection(Writer w, ReportContent c, ReportTemplate t)
    {
        if (c.Commitments.Count == 0)
            return;
        w.EnsureSpace(90);
        w.Heading(t.CommitmentsHeading, _heading);
        w.Paragraph(t.CommitmentsNote, _small, Left, Width);
        w.Y += 4;
        double[] columns = [170, 140, Width - 310];
        var rowHeight = 10.5 * LineFactor + 8;
        w.TableRow([.. t.CommitmentColumns.Take(3)], columns, _bodyBold, rowHeight, shade: true);
        foreach (var commitment in c.Commitments)
        {
            var status = commitment.Status == CreditProof.Commitments.CommitmentStatus.Kept ? t.CommitmentKept : t.CommitmentActive;
            w.TableRow([commitment.DomainNameZh, Date(DateOnly.FromDateTime(commitment.SignedAt.AddHours(8))), status], columns, _body, rowHeight, shade: false);
        }

        w.Y += 12;
    }

    private void Verification(Writer w, ReportTemplate t, ReportPdfExtras extras, List<(int Page, double X, double Y, double Size)> qrPlaces)
    {
        const double qrSize = 150;
        w.EnsureSpace(qrSize + 50);
        w.Heading(t.Headings.Verification, _heading);
        var top = w.Y;
        qrPlaces.Add((w.PageIndex, Right - qrSize, top, qrSize));
        foreach (var line in t.VerificationText)
        {
            var text = ReportTemplate.Fill(line, ("url", extras.VerificationUrl), ("algorithm", extras.AlgorithmName), ("keyId", extras.KeyId), ("digest", extras.ContentDigestHex));
            w.Paragraph(text, _body, Left, Width - qrSize - 16);
            w.Y += 3;
        }

        w.Y = Math.Max(w.Y, top + qrSize) + 10;
        if (t.EndMark.Length > 0)
            Draw(w.Graphics, t.EndMark, _body, new XRect(Left, w.Y, Width, 16), XStringFormats.TopCenter);
    }

    private void Footers(PdfDocument document, ReportContent c, ReportTemplate t, ReportPdfExtras extras, XImage qr, List<(int Page, double X, double Y, double Size)> qrPlaces)
    {
        var pages = document.PageCount;
        for (var i = 0; i < pages; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            foreach (var place in qrPlaces.Where(p => p.Page == i))
                DrawQr(g, qr, place.X, place.Y, place.Size);
            var y = PageHeight - 48;
            g.DrawLine(new XPen(XColors.Black, 0.5), Left, y, Right, y);
            var text = ReportTemplate.Fill(t.Footer, ("number", ReportNumbers.FormatNumber(c.Number)), ("code", extras.VerificationCode),
                ("page", Int(i + 1)), ("pages", Int(pages)));
            Draw(g, text, _small, new XRect(Left, y + 6, Width, 12), XStringFormats.TopCenter);
            if (i > 0)
            {
                Draw(g, $"{t.BrandLine} {t.Title}", _small, new XRect(Left, 36, Width, 12), XStringFormats.TopLeft);
                Draw(g, c.Subject.Name, _small, new XRect(Left, 36, Width, 12), XStringFormats.TopRight);
                g.DrawLine(new XPen(XColors.Black, 0.5), Left, 50, Right, 50);
            }
        }
    }

    private static void DrawQr(XGraphics g, XImage qr, double x, double y, double size) => g.DrawImage(qr, x, y, size, size);

    /// <summary>
    /// The QR code as a 1-bit image, one pixel per module, drawn without interpolation: a few hundred bytes, crisp at any
    /// zoom, and far cheaper to write and to rasterise than thousands of rectangles.
    /// </summary>
    private static (XImage Image, MemoryStream Stream) QrImage(BitArray[] matrix)
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

    /// <summary>The QR code's modules at error correction M, quiet zone included, and its version (1–40).</summary>
    public static (BitArray[] Modules, int Version) QrMatrix(string text) => QrEncoder.Encode(text);

    private string DomainsText(ReportContent c, ReportTemplate t) => c.AllDomains
        ? ReportTemplate.Fill(t.AllDomains, ("count", Int(c.Domains.Count)))
        : ReportTemplate.Fill(t.SomeDomains, ("count", Int(c.Domains.Count)), ("names", string.Join("、", c.Domains.Select(d => d.NameZh))));

    private static string? Join(string? name, string? code) =>
        name is null ? code : code is null ? name : $"{name}（{code}）";

    private static string? Money(long? fen, ReportTemplate t) =>
        fen is { } f ? (f / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture) + " " + t.TenThousandYuan : null;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string Time(DateTime utc) =>
        new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(_offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        + $"（UTC{(_offset >= TimeSpan.Zero ? "+" : "-")}{_offset:hh\\:mm}）";

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    private double WidthOf(char ch, Style font, XGraphics g) =>
        _unitWidths.GetOrAdd(ch, static (c, state) => state.g.MeasureString(c.ToString(), ReportFont.InMoreFace(c) ? state.measure.More : state.measure.Core).Width / 100,
            (g, measure: _measure)) * font.Size;

    private void Draw(XGraphics g, string text, Style font, double x, double y, XStringFormat format) =>
        Draw(g, text, font, new XRect(x, y, 0, 0), format);

    /// <summary>
    /// Draws text in the report font: in one call when every character is in the common face (the usual case), else in
    /// runs of one face each, placed one after another on the same baseline.
    /// </summary>
    private void Draw(XGraphics g, string text, Style font, XRect rect, XStringFormat format)
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

    /// <summary>A cursor over pages: wraps CJK text character by character and starts a new page when one is full.</summary>
    private sealed class Writer(ReportPdfRenderer renderer, PdfDocument document) : IDisposable
    {
        private XGraphics? _graphics;

        public double Y { get; set; }

        public XGraphics Graphics => _graphics ?? NewPage();

        public int PageIndex => document.PageCount - 1;

        public XGraphics NewPage()
        {
            _graphics?.Dispose();
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            _graphics = XGraphics.FromPdfPage(page);
            Y = Top;
            return _graphics;
        }

        public void EnsureSpace(double height)
        {
            if (_graphics is null || Y + height > Bottom)
                NewPage();
        }

        public void Heading(string text, Style font)
        {
            EnsureSpace((font.Size * LineFactor) + 60);
            renderer.Draw(Graphics, text, font, Left, Y, XStringFormats.TopLeft);
            Y += (font.Size * LineFactor) + 6;
        }

        public void Paragraph(string text, Style font, double x, double width)
        {
            var lineHeight = font.Size * LineFactor;
            foreach (var line in Wrap(text, font, width))
            {
                EnsureSpace(lineHeight);
                renderer.Draw(Graphics, line, font, x, Y, XStringFormats.TopLeft);
                Y += lineHeight;
            }
        }

        public void LabelledValue(string label, string value, Style labelFont, Style valueFont, double labelWidth)
        {
            var lines = Wrap(value, valueFont, Width - labelWidth - 8);
            var lineHeight = valueFont.Size * LineFactor;
            EnsureSpace(lineHeight);
            renderer.Draw(Graphics, label, labelFont, Left + 4, Y, XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                EnsureSpace(lineHeight);
                renderer.Draw(Graphics, line, valueFont, Left + labelWidth, Y, XStringFormats.TopLeft);
                Y += lineHeight;
            }
        }

        public void Rule(double thickness)
        {
            EnsureSpace(4);
            Graphics.DrawLine(new XPen(XColors.Black, thickness), Left, Y, Right, Y);
            Y += 4;
        }

        public void TableRow(string[] cells, double[] columns, Style font, double height, bool shade)
        {
            EnsureSpace(height);
            var g = Graphics;
            var pen = new XPen(XColors.Black, 0.6);
            if (shade)
                g.DrawRectangle(XBrushes.LightGray, Left, Y, Width, height);
            var x = Left;
            for (var i = 0; i < cells.Length; i++)
            {
                g.DrawRectangle(pen, x, Y, columns[i], height);
                var text = Wrap(cells[i], font, columns[i] - 10).FirstOrDefault() ?? "";
                renderer.Draw(g, text, font, new XRect(x + 5, Y, columns[i] - 10, height), i == 0 ? XStringFormats.Center : XStringFormats.CenterLeft);
                x += columns[i];
            }

            Y += height;
        }

        private List<string> Wrap(string text, Style font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var start = 0;
                double used = 0;
                for (var i = 0; i < paragraph.Length; i++)
                {
                    var w = renderer.WidthOf(paragraph[i], font, Graphics);
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
}
