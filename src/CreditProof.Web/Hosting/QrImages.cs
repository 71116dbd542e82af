using QRCoder;

namespace CreditProof.Web.Hosting;

/// <summary>QR codes drawn on the server as PNG data URIs (allowed by the CSP's <c>img-src data:</c>; no script needed).</summary>
public static class QrImages
{
    public static string PngDataUri(string text, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
