using System.Globalization;
using System.Text;
using CreditProof.Rendering;

namespace CreditProof.Web.RelyingParties;

/// <summary>A requirement link's QR code as SVG, drawn from the platform's own encoder (<see cref="QrEncoder"/>): one path, no script.</summary>
public static class RequirementQr
{
    public static string Svg(string text, int moduleSize = 4)
    {
        var (modules, _) = QrEncoder.Encode(text);
        var size = modules.Length;
        var total = size * moduleSize;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (modules[y][x])
                    path.Append(CultureInfo.InvariantCulture, $"M{x * moduleSize} {y * moduleSize}h{moduleSize}v{moduleSize}h-{moduleSize}z");
            }
        }

        return $"""<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{total}" viewBox="0 0 {total} {total}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="{path}"/></svg>""";
    }

    public static string DataUri(string text) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(Svg(text)));
}
