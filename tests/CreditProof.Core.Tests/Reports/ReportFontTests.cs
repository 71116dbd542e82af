using System.Buffers.Binary;
using CreditProof.Rendering;
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
    public void Font_splits_into_a_common_face_and_a_face_for_the_rest_each_mapping_its_characters_at_the_original_widths()
    {
        var font = ReportFont.Load(Collection, 0);
        var all = TrueTypeFace.CharacterMap(font);
        var (core, more) = ReportFont.Split(font, Collection);

        Assert.Equal(all.Count, core.Count + more.Count);
        Assert.Empty(core.Keys.Intersect(more.Keys));
        foreach (var c in "信用山西专项报告未发现违法违规记录ABCxyz0189：，。（）〔〕—")
            Assert.True(core.ContainsKey(c), $"'{c}' should be in the common face");
        foreach (var c in "堃喆镕한")
            Assert.True(more.ContainsKey(c), $"'{c}' should be in the second face");
        Assert.InRange(core.Count, 7_000, 9_000);

        foreach (var (chars, name) in new[] { (core, "Core"), (more, "More") })
        {
            var face = TrueTypeFace.Build(font, chars, "Test" + name);
            var map = TrueTypeFace.CharacterMap(face);
            Assert.Equal(chars.Keys.Order(), map.Keys.Order());
            Assert.Equal(chars.Values.Distinct().Count(), map.Values.Distinct().Count());
            foreach (var c in chars.Keys.Where((_, i) => i % 97 == 0))
                Assert.Equal(Advance(font, chars[c]), Advance(face, map[c]));
        }
    }

    /// <summary>A glyph's advance width, read straight from hhea and hmtx.</summary>
    private static int Advance(byte[] font, int glyph)
    {
        int Table(string tag)
        {
            for (var i = 0; i < BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4)); i++)
            {
                if (System.Text.Encoding.ASCII.GetString(font, 12 + (16 * i), 4) == tag)
                    return (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + (16 * i) + 8));
            }

            throw new InvalidDataException(tag);
        }

        var metrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(Table("hhea") + 34));
        return BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(Table("hmtx") + (4 * Math.Min(glyph, metrics - 1))));
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
        using var services = new ServiceCollection().AddCreditProofCore(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReportOptions>>().Value);
        Assert.Contains("/nonexistent/font.ttc", e.Message);
        Assert.Contains("fonts-wqy-microhei", e.Message);
        Assert.Throws<ReportFontMissingException>(() => ReportFont.Load("/nonexistent/font.ttc", 0));
    }
}
