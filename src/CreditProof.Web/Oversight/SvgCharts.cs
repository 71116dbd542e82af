using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CreditProof.Oversight;
using Microsoft.AspNetCore.Html;

namespace CreditProof.Web.Oversight;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, no library to serve or update, nothing to load from elsewhere,
/// and they print. Each chart is an image with a title and a one-sentence description (<c>role="img"</c>); the exact
/// figures are in the table that follows every chart (<see cref="DashboardTables"/>).
/// </summary>
public static class SvgCharts
{
    /// <summary>Colours that tell series apart for common colour-vision deficiencies (Okabe–Ito), each with a legend entry.</summary>
    private static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    private const int Width = 720;
    private const int Height = 220;
    private const int Left = 48;
    private const int Bottom = 28;

    public static IHtmlContent Stacked(string id, string title, string description, IReadOnlyList<string> periodLabels, IReadOnlyList<(string Label, IReadOnlyList<long> Values)> series)
    {
        var totals = Enumerable.Range(0, periodLabels.Count).Select(i => series.Sum(s => s.Values[i])).ToList();
        var max = Math.Max(1, totals.Count == 0 ? 1 : totals.Max());
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Bottom - 8;
        var step = periodLabels.Count == 0 ? plotWidth : (double)plotWidth / periodLabels.Count;
        var bar = Math.Max(1, step * 0.7);
        var svg = Open(id, title, description);
        Axis(svg, max, plotHeight);
        for (var i = 0; i < periodLabels.Count; i++)
        {
            double y = 8 + plotHeight;
            for (var s = 0; s < series.Count; s++)
            {
                var h = series[s].Values[i] * plotHeight / (double)max;
                if (h <= 0)
                    continue;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + i * step + (step - bar) / 2:F1}\" y=\"{y:F1}\" width=\"{bar:F1}\" height=\"{h:F1}\" fill=\"{Palette[s % Palette.Length]}\"></rect>");
            }
        }

        // At most ~12 labels under the axis, so they never overlap.
        var every = Math.Max(1, (int)Math.Ceiling(periodLabels.Count / 12.0));
        for (var i = 0; i < periodLabels.Count; i += every)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + i * step + step / 2:F1}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\">{Escape(periodLabels[i])}</text>");
        return Close(svg, series.Select(s => s.Label).ToList());
    }

    public static IHtmlContent Bars(string id, string title, string description, IReadOnlyList<(string Label, long Value)> rows)
    {
        var shown = rows.Take(12).ToList();
        var max = Math.Max(1, shown.Count == 0 ? 1 : shown.Max(r => r.Value));
        var height = 16 + shown.Count * 24;
        var svg = Open(id, title, description, height);
        const int labelWidth = 220;
        for (var i = 0; i < shown.Count; i++)
        {
            var w = (Width - labelWidth - 70) * shown[i].Value / (double)max;
            var y = 8 + i * 24;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" font-size=\"12\"{(Hosting.ChineseData.LangOf(shown[i].Label) is { } lang ? $" lang=\"{lang}\"" : "")}>{Escape(Shorten(shown[i].Label))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{Math.Max(w, 1):F1}\" height=\"16\" fill=\"{Palette[0]}\"></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + w + 6:F1}\" y=\"{y + 15}\" font-size=\"12\">{shown[i].Value.ToString("N0", CultureInfo.InvariantCulture)}</text>");
        }

        return Close(svg, []);
    }

    /// <summary>The label of a period: a day or week by its first day, a month as yyyy-MM.</summary>
    public static string PeriodLabel(DateOnly period, Granularity granularity) => granularity switch
    {
        Granularity.Month => period.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        Granularity.Day or Granularity.Week => period.ToString("MM-dd", CultureInfo.InvariantCulture),
    };

    private static StringBuilder Open(string id, string title, string description, int height = Height) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><svg viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" preserveAspectRatio=\"xMinYMin meet\">")
        .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{Escape(title)}</title><desc id=\"{id}-d\">{Escape(description)}</desc>");

    private static void Axis(StringBuilder svg, long max, int plotHeight)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{8 + plotHeight}\" x2=\"{Width - 8}\" y2=\"{8 + plotHeight}\" stroke=\"#5f5b66\"></line>");
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = 8 + plotHeight - fraction * plotHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\" font-size=\"11\">{Math.Round(max * fraction).ToString("N0", CultureInfo.InvariantCulture)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - 8}\" y2=\"{y:F1}\" stroke=\"#d9d4dc\" stroke-dasharray=\"2 3\"></line>");
        }
    }

    private static HtmlString Close(StringBuilder svg, List<string> legend)
    {
        svg.Append("</svg>");
        if (legend.Count > 0)
        {
            svg.Append("<figcaption class=\"legend\">");
            for (var i = 0; i < legend.Count; i++)
                svg.Append(CultureInfo.InvariantCulture, $"<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{Palette[i % Palette.Length]}\"></rect></svg> {Escape(legend[i])}</span>");
            svg.Append("</figcaption>");
        }

        return new HtmlString(svg.Append("</figure>").ToString());
    }

    private static string Shorten(string label) => label.Length > 18 ? label[..17] + "…" : label;

    private static string Escape(string text) => HtmlEncoder.Default.Encode(text);
}
