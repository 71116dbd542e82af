using System.Diagnostics;
using System.Text;
using SkiaSharp;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;

namespace CreditProof.Tests.Reports;

/// <summary>Reads produced PDFs with independent tools: PdfPig for text, poppler's pdftoppm + ZXing for the QR code.</summary>
public static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => p.Text).ToList();
    }

    /// <summary>All text with whitespace removed, so that wrapped lines and spacing do not matter.</summary>
    public static string Compact(byte[] pdf) =>
        new(string.Concat(Pages(pdf)).Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static string Squeeze(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Renders a page to PNG with pdftoppm (poppler-utils) and decodes every QR code on it with ZXing.</summary>
    public static IReadOnlyList<string> DecodeQrCodes(byte[] pdf, int page, int dpi = 200)
    {
        var dir = Directory.CreateTempSubdirectory("cp-qr-");
        try
        {
            var pdfPath = Path.Combine(dir.FullName, "r.pdf");
            File.WriteAllBytes(pdfPath, pdf);
            var start = new ProcessStartInfo("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), pdfPath, Path.Combine(dir.FullName, "p")])
            {
                RedirectStandardError = true,
            };
            using (var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm (poppler-utils) is not installed."))
            {
                process.WaitForExit(60_000);
                Assert.True(process.ExitCode == 0, "pdftoppm failed: " + process.StandardError.ReadToEnd());
            }

            var png = Directory.GetFiles(dir.FullName, "p*.png").Single();
            using var bitmap = SKBitmap.Decode(png);
            var luminance = new byte[bitmap.Width * bitmap.Height];
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    luminance[(y * bitmap.Width) + x] = (byte)((c.Red + c.Green + c.Blue) / 3);
                }
            }

            var source = new RGBLuminanceSource(luminance, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
            var hints = new Dictionary<DecodeHintType, object>
            {
                [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
                [DecodeHintType.TRY_HARDER] = true,
                [DecodeHintType.CHARACTER_SET] = "UTF-8",
            };
            var results = new ZXing.Multi.QrCode.QRCodeMultiReader().decodeMultiple(new BinaryBitmap(new HybridBinarizer(source)), hints);
            return results?.Select(r => r.Text).ToList() ?? [];
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>What poppler (pdftoppm, FreeType) complains about while rasterising every page: a broken embedded font shows here.</summary>
    public static IReadOnlyList<string> RenderErrors(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("cp-render-");
        try
        {
            var pdfPath = Path.Combine(dir.FullName, "r.pdf");
            File.WriteAllBytes(pdfPath, pdf);
            var start = new ProcessStartInfo("pdftoppm", ["-png", "-r", "40", pdfPath, Path.Combine(dir.FullName, "p")]) { RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm (poppler-utils) is not installed.");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit(60_000);
            Assert.True(process.ExitCode == 0, "pdftoppm failed: " + errors);
            return errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
