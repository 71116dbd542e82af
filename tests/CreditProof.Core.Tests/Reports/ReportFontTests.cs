using System.Buffers.Binary;
using CreditProof.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditProof.Tests.Reports;

public sealed class ReportFontTests
{
    private const string Collection = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    [Fact]
    public void Face_extracted_from_the_collection_is_a_standalone_truetype_font_with_every_table_in_bounds()
    {
        var ttc = File.ReadAllBytes(Collection);
        Assert.True(TrueTypeCollection.IsCollection(ttc));
        Assert.True(TrueTypeCollection.FaceCount(ttc) >= 1);

        var font = TrueTypeCollection.ExtractFace(ttc, 0);

        Assert.Equal(0x00010000u, BinaryPrimitives.ReadUInt32BigEndian(font));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tags = new List<string>();
        for (var i = 0; i < tables; i++)
        {
            var record = font.AsSpan(12 + (16 * i), 16);
            tags.Add(System.Text.Encoding.ASCII.GetString(record[..4]));
            var offset = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            Assert.Equal(0u, offset % 4);
            Assert.True(offset + length <= font.Length);
        }

        Assert.Contains("glyf", tags);
        Assert.Contains("cmap", tags);
        Assert.Contains("head", tags);
    }

    [Fact]
    public void Asking_for_a_face_the_collection_lacks_is_an_error()
    {
        var ttc = File.ReadAllBytes(Collection);
        Assert.Throws<InvalidDataException>(() => TrueTypeCollection.ExtractFace(ttc, 99));
    }

    [Fact]
    public void Missing_font_is_a_clear_start_up_error_naming_the_path_and_the_fix()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CreditProof:Reports:FontPath"] = "/nonexistent/font.ttc",
        }).Build();
        using var services = new ServiceCollection().AddCreditProofReports(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReportOptions>>().Value);
        Assert.Contains("/nonexistent/font.ttc", e.Message);
        Assert.Contains("fonts-wqy-microhei", e.Message);
        Assert.Throws<ReportFontMissingException>(() => ReportFont.Load("/nonexistent/font.ttc", 0));
    }
}
