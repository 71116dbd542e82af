using System.Collections;
using System.Globalization;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Rendering;
using CreditProof.Signing;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using PdfSharp.UniversalAccessibility;

namespace CreditProof.Reports;

/// <summary>What the PDF shows besides the content: the verification block's data.</summary>
/// <remarks><see cref="QrModules"/> is awaited before the cover (the cover and the verification block show the code).
/// <see cref="Signing"/>, when given, signs the file (PAdES, the seal as the signature's appearance); <see cref="Bilingual"/>
/// adds the template's English labels (<see cref="ReportTemplate.WithEnglishLabels"/>).</remarks>
public sealed record ReportPdfExtras(string VerificationCode, Task<BitArray[]> QrModules, string VerificationUrl, string AlgorithmName, string KeyId, string ContentDigestHex,
    ReportSigningChain? Signing = null, bool Bilingual = false);

/// <summary>
/// Renders a report as an A4 PDF with PDFsharp: black on white, the CJK font embedded as a subset (text extractable),
/// cover, 报告说明, summary table, record details, verification block with QR code, 第 x 页 共 y 页 footer on every page,
/// and, with a signing certificate, an embedded PAdES signature whose appearance is the platform's round seal.
/// A tagged PDF in Chinese (zh-CN; a bilingual report's English lines tagged en): headings, paragraphs, tables, the
/// QR codes as figures with alternative text; rules, borders, running heads and page numbers are artifacts.
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

    private static readonly PdfPageGeometry Page = new(PageWidth, PageHeight, Left, Right, Top, Bottom, LineFactor: 1.5);
    private readonly PdfText _text;
    private readonly TimeSpan _offset;
    private readonly DateOnly _collectionStart;
    private readonly int _completeWithinWorkingDays;
    private readonly PdfTextStyle _title;
    private readonly PdfTextStyle _heading;
    private readonly PdfTextStyle _subheading;
    private readonly PdfTextStyle _body;
    private readonly PdfTextStyle _bodyBold;
    private readonly PdfTextStyle _small;

    public ReportPdfRenderer(ReportOptions options, PlatformOptions platform, Ingest.IngestOptions? ingest = null)
    {
        _completeWithinWorkingDays = (ingest ?? new Ingest.IngestOptions()).CompleteWithinWorkingDays;
        ReportFont.Install(options.FontPath, options.FontFaceIndex, options.FallbackFontPaths);
        _text = new PdfText(); // measures with the font just installed
        _offset = platform.UtcOffset;
        _collectionStart = platform.CollectionStart;
        _title = Font(30, bold: true);
        _heading = Font(14, bold: true);
        _subheading = Font(11.5, bold: true);
        _body = Font(10.5, bold: false);
        _bodyBold = Font(10.5, bold: true);
        _small = Font(8, bold: false);
    }

    private static PdfTextStyle Font(double size, bool bold) => PdfTextStyle.Of(size, bold);

    private const double SealSize = 118;

    /// <summary>The PDF; characters no installed font has are added to <paramref name="missing"/> (they print as empty boxes).</summary>
    public byte[] Render(ReportContent content, ReportTemplate t, ReportPdfExtras extras, ICollection<int>? missing = null)
    {
        using var tracked = PdfText.TrackMissing();
        var pdf = Render(content, t, extras);
        foreach (var c in tracked.CodePoints)
            missing?.Add(c);
        return pdf;
    }

    private byte[] Render(ReportContent content, ReportTemplate t, ReportPdfExtras extras)
    {
        if (extras.Bilingual)
            t = t.WithEnglishLabels();
        using var document = new PdfDocument();
        // Before anything else touches the catalog: /MarkInfo, /StructTreeRoot, /Lang, /ViewerPreferences (PDFsharp's own).
        PdfTagging.Start(document, "zh-CN");
        document.Info.Title = $"{t.Title} {ReportNumbers.FormatNumber(content.Number)}";
        document.Info.Author = t.PlatformName;
        document.Info.Creator = "CreditProof";
        document.Info.Subject = content.Subject.Name;
        PdfStreams.DisablePdfSharpCompression(document);

        var (qr, qrStream) = PdfQrImage.From(extras.QrModules.GetAwaiter().GetResult());
        using var qrImageStream = qrStream;
        using var qrImage = qr;
        var qrAlt = QrAltText(extras.Bilingual);
        var w = new PdfPageWriter(document, _text, Page);
        (int Page, XRect Rect)? sealAt = null;
        try
        {
            Cover(w, content, t, extras, qr, qrAlt);
            w.NewPage();
            Explanation(w, content, t);
            Summary(w, content, t);
            Details(w, content, t);
            CommitmentSection(w, content, t);
            Verification(w, t, extras, qr, qrAlt);
            if (extras.Signing is not null)
                sealAt = SealPlace(w);
        }
        finally
        {
            w.Dispose();
        }

        // The structure is complete; the page furniture and the seal are drawn outside it.
        PdfTagging.Finish(document);
        Footers(document, content, t, extras);
        var seal = extras.Signing is not null && sealAt is not null ? new PdfSeal(t.PlatformName, t.SealText) : null;
        seal?.AddFontTo(document, SealSize);
        PdfStreams.CompressBeforeSave(document);
        using var output = new MemoryStream(128 * 1024);
        if (seal is not null)
            Sign(document, extras.Signing!, sealAt!.Value, seal, content, t, extras, output);
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// With a signing certificate, the PAdES signature, made while the document saves, with the seal as its appearance.
    /// </summary>
    private static void Sign(PdfDocument document, ReportSigningChain chain, (int Page, XRect Rect) seal, PdfSeal appearance, ReportContent content, ReportTemplate t, ReportPdfExtras extras, MemoryStream output)
    {
        // PDF's own coordinates: points from the page's lower left corner.
        var rect = new XRect(seal.Rect.X, PageHeight - seal.Rect.Bottom, seal.Rect.Width, seal.Rect.Height);
        DigitalSignatureHandler.ForDocument(document, new PadesSigner(chain, output), new DigitalSignatureOptions
        {
            PageIndex = seal.Page,
            Rectangle = rect,
            Reason = $"{t.Title}（{ReportNumbers.FormatNumber(content.Number)}）",
            Location = t.PlatformName,
            ContactInfo = extras.VerificationUrl,
            AppName = "CreditProof",
            AppearanceHandler = appearance,
        });
    }

    /// <summary>Where the seal goes: below the verification block, at the right, on the report's last page.</summary>
    private static (int Page, XRect Rect) SealPlace(PdfPageWriter w)
    {
        w.Y += 20; // below the end mark
        w.EnsureSpace(SealSize + 8);
        var rect = new XRect(Right - SealSize - 24, w.Y + 4, SealSize, SealSize);
        w.Y += SealSize + 8;
        return (w.PageIndex, rect);
    }

    private void Cover(PdfPageWriter w, ReportContent c, ReportTemplate t, ReportPdfExtras extras, XImage qr, string qrAlt)
    {
        if (t.BrandLine.Length > 0)
            w.Line(t.BrandLine, _subheading, new XRect(Left, 90, Width, 20), XStringFormats.TopCenter, PdfBlockLevelElementTag.Paragraph);
        w.Line(t.Title, _title, new XRect(Left, 140, Width, 50), XStringFormats.TopCenter, PdfBlockLevelElementTag.Heading1);
        if (t.Subtitle.Length > 0)
            w.Line(t.Subtitle, _body, new XRect(Left, 192, Width, 20), XStringFormats.TopCenter, PdfBlockLevelElementTag.Paragraph);

        var l = t.CoverLabels;
        var rows = new List<(string, string)>
        {
            (l.ReportNumber, ReportNumbers.FormatNumber(c.Number)),
            (l.SubjectName, c.Subject.Name),
            (c.Subject.IsNaturalPerson ? l.PersonalId : l.CreditCode, c.Subject.DisplayCode),
            (l.SubjectType, c.Subject.TypeZh),
            (l.RegistrationRegion, c.Subject.RegionZh ?? ""),
            (l.RegisterStatus, c.Subject.RegisterStatusZh ?? ""),
            (l.Period, $"{Date(c.From)} 至 {Date(c.To)}" + PeriodNote(c, t, extras.Bilingual)),
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
        if (extras.Bilingual)
        {
            w.Line(t.English.Title, _subheading, new XRect(Left, 210, Width, 16), XStringFormats.TopCenter, PdfBlockLevelElementTag.Paragraph, "en");
            w.Y = 228;
            w.Paragraph(t.English.Note, _small, Left + 30, Width - 60, language: "en");
            w.Y += 6;
        }

        // The rows are a two-column table: a screen reader reads each value with its label (the row's header cell).
        const double labelWidth = 118;
        using (w.Tag(PdfBlockLevelElementTag.Table))
        {
            foreach (var (label, value) in rows.Where(r => r.Item2.Length > 0))
            {
                // A bilingual label is "中文\nEnglish": the English line goes below, smaller.
                var (zh, en) = Split(label);
                var top = w.Y;
                using (w.Tag(PdfBlockLevelElementTag.TableRow))
                {
                    using (w.HeaderCell(forRow: true))
                    {
                        w.Text(zh + "：", _bodyBold, new XRect(Left + 30, top, 0, 0), XStringFormats.TopLeft);
                        if (en is not null)
                        {
                            using (w.Tag(PdfInlineLevelElementTag.Span, "en"))
                                w.Text(en, _small, new XRect(Left + 30, top + 13.5, 0, 0), XStringFormats.TopLeft);
                        }
                    }

                    using (w.Tag(PdfBlockLevelElementTag.TableDataCell))
                        w.Lines(value, _body, Left + 30 + labelWidth, Width - 60 - labelWidth);
                }

                w.Y = Math.Max(w.Y, en is null ? w.Y : top + 24) + 3;
            }
        }

        // Version 15 (77 modules) needs about 0.5 mm per module to scan reliably from paper; a bilingual cover leaves 120 pt.
        var qrTop = Math.Max(w.Y + 12, Bottom - 140 - 24);
        var qrSize = Math.Min(140, Bottom - qrTop);
        w.Figure(qr, new XRect((PageWidth - qrSize) / 2, qrTop, qrSize, qrSize), qrAlt);
    }

    /// <summary>The QR codes' alternative text: what a screen reader says instead of the image.</summary>
    private static string QrAltText(bool bilingual) =>
        bilingual ? "核验二维码：扫码核验本报告 Verification QR code: scan it to verify this report" : "核验二维码：扫码核验本报告";

    private void Explanation(PdfPageWriter w, ReportContent c, ReportTemplate t)
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

    private void Summary(PdfPageWriter w, ReportContent c, ReportTemplate t)
    {
        w.Heading(t.Headings.Summary, _heading);
        double[] columns = [40, 132, Width - 40 - 132 - 92, 92];
        var rowHeight = 10.5 * Page.LineFactor + 8;
        var header = t.SummaryColumns;
        using (w.Tag(PdfBlockLevelElementTag.Table))
        {
            w.TableRow([header[0], header[1], header[2], t.DataAsOfColumn], columns, _bodyBold, rowHeight, header: true);
            var i = 0;
            foreach (var d in c.Domains)
            {
                i++;
                var conclusion = d.Verdict switch
                {
                    DomainVerdict.NoRecord => t.NoRecord,
                    DomainVerdict.NoConclusion => t.NoConclusion,
                    DomainVerdict.AllRepairedOrEnded => t.AllRepairedOrEnded + (d.Incomplete ? t.IncompleteMark : ""),
                    DomainVerdict.RecordsInEffect => ReportTemplate.Fill(t.RecordCount, ("count", Int(d.InEffect)))
                        + (d.InEffect < d.Records.Count ? ReportTemplate.Fill(t.AlsoRepairedOrEnded, ("count", Int(d.Records.Count - d.InEffect))) : "")
                        + (d.Incomplete ? t.IncompleteMark : ""),
                };
                // Reports issued before the date was stated have none: "—".
                var asOf = d.DataAsOf is { } day ? Date(day) : d.Incomplete ? t.NoDelivery : "—";
                w.TableRow([Int(i), d.NameZh, conclusion, asOf], columns,
                    d.Verdict is DomainVerdict.RecordsInEffect or DomainVerdict.NoConclusion ? _bodyBold : _body, rowHeight, header: false);
            }
        }

        w.Y += 6;
        if (!c.AllDomains)
            w.Paragraph(ReportTemplate.Fill(t.NotChosenSome, ("chosen", Int(c.Domains.Count)), ("notChosen", Int(c.DomainsNotChosen))), _small, Left, Width);
        if (c.Domains.Any(d => d.DataAsOf is not null || d.Incomplete))
            w.Paragraph(ReportTemplate.Fill(t.DataAsOfNote, ("days", Int(_completeWithinWorkingDays))), _small, Left, Width);
        w.Y += 12;
    }

    private void Details(PdfPageWriter w, ReportContent c, ReportTemplate t)
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
            w.Paragraph($"{d.NameZh}（{ReportTemplate.Fill(t.RecordCount, ("count", Int(d.Records.Count)))}）", _subheading, Left, Width, PdfBlockLevelElementTag.Heading3);
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
                var shown = fields.Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => (Label: f.Item1, Value: f.Item2!)).ToList();
                // A record's block stays on one page when it fits on one (else it starts where 60 pt are left).
                w.KeepTogether(4 + shown.Sum(f => w.LabelledValueHeight(f.Label, f.Value, _body, 96, _small)), 60);
                w.Rule(0.8);
                // One paragraph per record, its fields in order, each label before its value. (A paragraph or table
                // row per field cost +80 % file size and +65 % render time for 60 records: each structure element is
                // an object of its own, docs/accessibility.md.)
                using (w.Tag(PdfBlockLevelElementTag.Paragraph))
                {
                    foreach (var (label, value) in shown)
                        w.LabelledValue(label, value, _bodyBold, _body, 96, _small);
                }

                w.Y += 8;
            }
        }

        w.Rule(0.8);
        w.Y += 12;
    }

    private void CommitmentSection(PdfPageWriter w, ReportContent c, ReportTemplate t)
    {
        if (c.Commitments.Count == 0)
            return;
        w.EnsureSpace(90);
        w.Heading(t.CommitmentsHeading, _heading);
        w.Paragraph(t.CommitmentsNote, _small, Left, Width);
        w.Y += 4;
        double[] columns = [170, 140, Width - 310];
        var rowHeight = 10.5 * Page.LineFactor + 8;
        using (w.Tag(PdfBlockLevelElementTag.Table))
        {
            w.TableRow([.. t.CommitmentColumns.Take(3)], columns, _bodyBold, rowHeight, header: true);
            foreach (var commitment in c.Commitments)
            {
                var status = commitment.Status == CreditProof.Commitments.CommitmentStatus.Kept ? t.CommitmentKept : t.CommitmentActive;
                w.TableRow([commitment.DomainNameZh, Date(DateOnly.FromDateTime(commitment.SignedAt.AddHours(8))), status], columns, _body, rowHeight, header: false);
            }
        }

        w.Y += 12;
    }

    private void Verification(PdfPageWriter w, ReportTemplate t, ReportPdfExtras extras, XImage qr, string qrAlt)
    {
        const double qrSize = 150;
        w.EnsureSpace(qrSize + 50);
        w.Heading(t.Headings.Verification, _heading);
        var top = w.Y;
        w.Figure(qr, new XRect(Right - qrSize, top, qrSize, qrSize), qrAlt);
        foreach (var line in t.VerificationText)
        {
            var text = ReportTemplate.Fill(line, ("url", extras.VerificationUrl), ("algorithm", extras.AlgorithmName), ("keyId", extras.KeyId), ("digest", extras.ContentDigestHex));
            w.Paragraph(text, _body, Left, Width - qrSize - 16);
            w.Y += 3;
        }

        w.Y = Math.Max(w.Y, top + qrSize) + 10;
        if (t.EndMark.Length > 0)
            w.Line(t.EndMark, _body, new XRect(Left, w.Y, Width, 16), XStringFormats.TopCenter, PdfBlockLevelElementTag.Paragraph);
    }

    /// <summary>第 x 页 共 y 页 and, after the cover, the running head: drawn once the page count is known, as artifacts.</summary>
    private void Footers(PdfDocument document, ReportContent c, ReportTemplate t, ReportPdfExtras extras)
    {
        var pages = document.PageCount;
        for (var i = 0; i < pages; i++)
        {
            var page = document.Pages[i];
            using (var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append))
                Furniture(g, c, t, extras, i, pages);
            PdfTagging.MarkLastContentAsArtifact(page);
        }
    }

    private void Furniture(XGraphics g, ReportContent c, ReportTemplate t, ReportPdfExtras extras, int i, int pages)
    {
        var y = PageHeight - 48;
        g.DrawLine(new XPen(XColors.Black, 0.5), Left, y, Right, y);
        var text = ReportTemplate.Fill(t.Footer, ("number", ReportNumbers.FormatNumber(c.Number)), ("code", extras.VerificationCode),
            ("page", Int(i + 1)), ("pages", Int(pages)));
        _text.Draw(g, text, _small, new XRect(Left, y + 6, Width, 12), XStringFormats.TopCenter);
        if (i > 0)
        {
            _text.Draw(g, $"{t.BrandLine} {t.Title}", _small, new XRect(Left, 36, Width, 12), XStringFormats.TopLeft);
            _text.Draw(g, c.Subject.Name, _small, new XRect(Left, 36, Width, 12), XStringFormats.TopRight);
            g.DrawLine(new XPen(XColors.Black, 0.5), Left, 50, Right, 50);
        }
    }

    /// <summary>The QR code's modules at error correction M, quiet zone included, and its version (1–40).</summary>
    public static (BitArray[] Modules, int Version) QrMatrix(string text) => QrEncoder.Encode(text);

    /// <summary>Why the period starts at the collection start, when the one asked for began before it (<see cref="ReportContent.AskedFrom"/>).</summary>
    private static string PeriodNote(ReportContent c, ReportTemplate t, bool bilingual)
    {
        if (c.AskedFrom is not { } asked)
            return "";
        var note = "\n" + ReportTemplate.Fill(t.PeriodShortened, ("collectionStart", ChineseDate(c.From)), ("asked", ChineseDate(asked)));
        return bilingual
            ? note + "\n" + ReportTemplate.Fill(t.English.PeriodShortened, ("collectionStart", EnglishDate(c.From)), ("asked", EnglishDate(asked)))
            : note;
    }

    private static string ChineseDate(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string EnglishDate(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private string DomainsText(ReportContent c, ReportTemplate t) => c.AllDomains
        ? ReportTemplate.Fill(t.AllDomains, ("count", Int(c.Domains.Count)))
        : ReportTemplate.Fill(t.SomeDomains, ("count", Int(c.Domains.Count)), ("names", string.Join("、", c.Domains.Select(d => d.NameZh))));

    private static (string Zh, string? En) Split(string label) =>
        label.IndexOf('\n', StringComparison.Ordinal) is var at and >= 0 ? (label[..at], label[(at + 1)..]) : (label, null);

    private static string? Join(string? name, string? code) =>
        name is null ? code : code is null ? name : $"{name}（{code}）";

    private static string? Money(long? fen, ReportTemplate t) =>
        fen is { } f ? (f / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture) + " " + t.TenThousandYuan : null;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string Time(DateTime utc) =>
        new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(_offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        + $"（UTC{(_offset >= TimeSpan.Zero ? "+" : "-")}{_offset:hh\\:mm}）";

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

}
