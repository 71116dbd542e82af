using System.Globalization;
using System.Net;
using System.Text;
using CreditProof.Records;
using CreditProof.Reports;
using QRCoder;

namespace CreditProof.Benchmarks.Reports;

/// <summary>The same report as HTML, for the Chromium comparison: same sections, same wording, QR code as inline SVG.</summary>
public static class ReportHtml
{
    public static string Render(ReportContent c, ReportTemplate t, string verificationCode, string qrText)
    {
        var qr = QrSvg(qrText);
        var sb = new StringBuilder(32 * 1024);
        sb.Append("""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
            @page { size: A4; margin: 24mm 22mm 26mm 22mm; }
            body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; line-height: 1.5; color: #000; }
            h1 { text-align: center; font-size: 30pt; margin: 40mm 0 4mm; } .sub { text-align: center; }
            h2 { font-size: 14pt; margin: 8mm 0 3mm; } h3 { font-size: 11.5pt; }
            table { border-collapse: collapse; width: 100%; } td, th { border: 0.6pt solid #000; padding: 2mm; text-align: left; }
            th { background: #ddd; } .cover td { border: none; padding: 1mm 2mm; } .cover td:first-child { font-weight: bold; width: 40mm; }
            .rec td:first-child { font-weight: bold; width: 30mm; } .rec { margin-bottom: 4mm; }
            .qr { width: 40mm; height: 40mm; } .cover-qr { text-align: center; margin-top: 20mm; } .page { page-break-after: always; }
            </style></head><body>
            """);
        var l = t.CoverLabels;
        sb.Append("<div class=\"page\"><p class=\"sub\"><b>").Append(E(t.BrandLine)).Append("</b></p><h1>").Append(E(t.Title)).Append("</h1><p class=\"sub\">")
            .Append(E(t.Subtitle)).Append("</p><table class=\"cover\">");
        Row(sb, l.ReportNumber, ReportNumbers.FormatNumber(c.Number));
        Row(sb, l.SubjectName, c.Subject.Name);
        Row(sb, c.Subject.IsNaturalPerson ? l.PersonalId : l.CreditCode, c.Subject.DisplayCode);
        Row(sb, l.SubjectType, c.Subject.TypeZh);
        Row(sb, l.Period, $"{D(c.From)} 至 {D(c.To)}");
        Row(sb, l.Domains, c.AllDomains ? ReportTemplate.Fill(t.AllDomains, ("count", I(c.Domains.Count))) : string.Join("、", c.Domains.Select(d => d.NameZh)));
        Row(sb, l.IssuedAt, c.IssuedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Row(sb, l.DataAsOf, c.DataAsOf.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Row(sb, l.Issuer, t.PlatformName);
        Row(sb, l.VerificationCode, verificationCode);
        sb.Append("</table><div class=\"cover-qr\">").Append(qr).Append("</div></div>");

        sb.Append("<h2>").Append(E(t.Headings.Explanation)).Append("</h2>");
        foreach (var p in t.Explanation)
            sb.Append("<p>").Append(E(ReportTemplate.Fill(p, ("platform", t.PlatformName), ("from", D(c.From)), ("to", D(c.To)), ("collectionStart", "2022-08-01"), ("notChosen", t.NotChosenAll)))).Append("</p>");
        sb.Append("<h2>").Append(E(t.Headings.Summary)).Append("</h2><table><tr>");
        foreach (var h in t.SummaryColumns)
            sb.Append("<th>").Append(E(h)).Append("</th>");
        sb.Append("</tr>");
        var i = 0;
        foreach (var d in c.Domains)
        {
            sb.Append("<tr><td>").Append(I(++i)).Append("</td><td>").Append(E(d.NameZh)).Append("</td><td>")
                .Append(E(d.Clean ? t.NoRecord : ReportTemplate.Fill(t.RecordCount, ("count", I(d.Records.Count))))).Append("</td></tr>");
        }

        sb.Append("</table><h2>").Append(E(t.Headings.Details)).Append("</h2>");
        if (c.RecordCount == 0)
            sb.Append("<p>").Append(E(t.NoRecordsAtAll)).Append("</p>");
        var rl = t.RecordLabels;
        foreach (var d in c.Domains.Where(d => !d.Clean))
        {
            sb.Append("<h3>").Append(E(d.NameZh)).Append("</h3>");
            foreach (var r in d.Records)
            {
                sb.Append("<table class=\"rec\">");
                Row(sb, rl.Type, r.Type.NameZh());
                Row(sb, rl.DocumentNumber, r.DocumentNumber);
                Row(sb, rl.DecisionDate, D(r.DecisionDate));
                Row(sb, rl.Authority, r.AuthorityName);
                Row(sb, rl.Category, r.Category);
                Row(sb, rl.Facts, r.Facts);
                Row(sb, rl.Content, r.Content);
                Row(sb, rl.Fine, r.FineFen is { } f ? (f / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture) + " " + t.TenThousandYuan : null);
                Row(sb, rl.Unit, r.UnitName);
                Row(sb, rl.Repair, r.Repaired ? t.Repaired : null);
                sb.Append("</table>");
            }
        }

        sb.Append("<h2>").Append(E(t.Headings.Verification)).Append("</h2><div style=\"display:flex;gap:8mm\"><div style=\"flex:1\">");
        foreach (var line in t.VerificationText)
            sb.Append("<p>").Append(E(line)).Append("</p>");
        sb.Append("</div>").Append(qr).Append("</div></body></html>");
        return sb.ToString();
    }

    public static string FooterTemplate(ReportContent c, string verificationCode) =>
        $"<div style=\"font-size:8pt;width:100%;text-align:center;font-family:'WenQuanYi Micro Hei'\">报告编号：{ReportNumbers.FormatNumber(c.Number)}　核验码：{verificationCode}　第 <span class=\"pageNumber\"></span> 页 共 <span class=\"totalPages\"></span> 页</div>";

    private static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(new System.Drawing.Size(160, 160), "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute)
            .Replace("<svg ", "<svg class=\"qr\" ", StringComparison.Ordinal);
    }

    private static void Row(StringBuilder sb, string label, string? value)
    {
        if (value is null)
            return;
        sb.Append("<tr><td>").Append(E(label)).Append("</td><td>").Append(E(value)).Append("</td></tr>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
