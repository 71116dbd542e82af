using CreditProof.Rendering;
using ZXing;
using ZXing.Common;

namespace CreditProof.Tests.Reports;

public sealed class QrEncoderTests
{
    [Fact]
    public void Every_version_from_1_to_40_decodes_with_ZXing_and_is_the_smallest_the_ISO_capacity_table_allows()
    {
        var random = new Random(40);
        for (var version = 1; version <= 40; version++)
        {
            var length = Enumerable.Range(1, 2400).Last(n => QrCapacity.Version(n) == version); // the fullest text of this version
            var text = new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray());

            var (modules, actual) = QrEncoder.Encode(text);

            Assert.Equal(version, actual);
            Assert.Equal((version * 4) + 17 + (2 * QrEncoder.QuietZone), modules.Length);
            Assert.Equal(text, Decode(modules));
        }
    }

    [Fact]
    public void Report_payload_text_decodes_and_one_more_byte_at_a_capacity_boundary_moves_to_the_next_version()
    {
        var text = "https://credit.example.cn/v/ABCDEFGHJKMNPQRS#CP1:" + new string('x', 362 - 49);
        Assert.Equal(14, QrEncoder.Encode(text).Version);
        Assert.Equal(15, QrEncoder.Encode(text + "y").Version);
        Assert.Equal(text + "y", Decode(QrEncoder.Encode(text + "y").Modules));
    }

    [Fact]
    public void Non_ascii_text_and_text_beyond_version_40_are_refused()
    {
        Assert.Throws<ArgumentException>(() => QrEncoder.Encode("报告"));
        Assert.Throws<ArgumentException>(() => QrEncoder.Encode(new string('a', 2332)));
    }

    /// <summary>Draws the modules at 3 pixels each and decodes them with ZXing.</summary>
    private static string Decode(System.Collections.BitArray[] modules)
    {
        const int scale = 3;
        var size = modules.Length * scale;
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
                pixels[(y * size) + x] = modules[y / scale][x / scale] ? (byte)0 : (byte)255;
        }

        var source = new RGBLuminanceSource(pixels, size, size, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true, [DecodeHintType.CHARACTER_SET] = "ISO-8859-1" };
        var result = new ZXing.QrCode.QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        Assert.NotNull(result);
        return result.Text;
    }
}
