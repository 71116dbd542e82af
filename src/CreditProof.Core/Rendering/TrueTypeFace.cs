using System.Buffers.Binary;
using System.Text;

namespace CreditProof.Rendering;

/// <summary>
/// Builds a standalone TrueType font that holds only some of a font's characters, with its glyphs renumbered from 0.
/// Why: PDFsharp's subsetter keeps the original glyph ids, so every embedded subset carries full-size <c>loca</c> and
/// <c>hmtx</c> tables (wqy-microhei: 49,531 glyphs, ~400 KB per PDF before compression). Splitting the font once at
/// start-up into a face for the common characters (~8,000 glyphs) and a face for the rest keeps each report's subset
/// small; a report that uses a rare character embeds a subset of the second face as well, so nothing is lost.
/// Only what PDFsharp reads is kept: glyph outlines and hinting, metrics, a Unicode cmap; GSUB/GPOS and vertical
/// metrics are dropped (PDFsharp does not shape text or set it vertically).
/// </summary>
public static class TrueTypeFace
{
    private static readonly string[] CopiedTables = ["OS/2", "cvt ", "fpgm", "gasp", "prep"];

    /// <summary>The font's Unicode character map (code point → glyph id), from its (3,10) or (3,1) cmap subtable.</summary>
    public static Dictionary<int, int> CharacterMap(byte[] font)
    {
        var cmap = Table(font, "cmap") ?? throw new InvalidDataException("The font has no cmap table.");
        ReadOnlySpan<byte> table = font.AsSpan(cmap.Offset, cmap.Length);
        int format4 = -1, format12 = -1;
        for (var i = 0; i < BinaryPrimitives.ReadUInt16BigEndian(table[2..]); i++)
        {
            var record = table.Slice(4 + (8 * i), 8);
            var (platform, encoding, offset) = (U16(record), U16(record[2..]), (int)U32(record[4..]));
            if (platform == 3 && encoding == 10 && U16(table[offset..]) == 12)
                format12 = offset;
            else if (platform == 3 && encoding == 1 && U16(table[offset..]) == 4)
                format4 = offset;
        }

        var map = new Dictionary<int, int>();
        if (format12 >= 0)
        {
            var sub = table[format12..];
            for (var g = 0; g < (int)U32(sub[12..]); g++)
            {
                var group = sub.Slice(16 + (12 * g), 12);
                var (start, end, glyph) = ((int)U32(group), (int)U32(group[4..]), (int)U32(group[8..]));
                for (var c = start; c <= end; c++)
                    map[c] = glyph + (c - start);
            }
        }
        else if (format4 >= 0)
        {
            var sub = table[format4..];
            var segments = U16(sub[6..]) / 2;
            for (var s = 0; s < segments; s++)
            {
                int end = U16(sub[(14 + (2 * s))..]), start = U16(sub[(16 + (2 * segments) + (2 * s))..]);
                var delta = (short)U16(sub[(16 + (4 * segments) + (2 * s))..]);
                var rangeAt = 16 + (6 * segments) + (2 * s);
                int rangeOffset = U16(sub[rangeAt..]);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    var glyph = rangeOffset == 0 ? c : U16(sub[(rangeAt + rangeOffset + (2 * (c - start)))..]);
                    if (glyph != 0)
                        map[c] = (glyph + delta) & 0xFFFF;
                }
            }
        }
        else
        {
            throw new InvalidDataException("The font has no Unicode cmap subtable (3,1) format 4 or (3,10) format 12.");
        }

        map.Remove(0xFFFF);
        foreach (var (c, g) in map.Where(e => e.Value == 0).ToList())
            map.Remove(c);
        return map;
    }

    /// <summary>A font holding the given characters of <paramref name="font"/> (a TrueType-outline font), named <paramref name="name"/>.</summary>
    public static byte[] Build(byte[] font, IReadOnlyDictionary<int, int> characters, string name)
    {
        var head = Require(font, "head");
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(head.Offset + 50)) == 1;
        var maxp = Require(font, "maxp");
        var glyphCount = U16(font.AsSpan(maxp.Offset + 4));
        var loca = Require(font, "loca");
        var glyf = Require(font, "glyf");
        var hhea = Require(font, "hhea");
        var hmtx = Require(font, "hmtx");
        var metricCount = U16(font.AsSpan(hhea.Offset + 34));

        int GlyphStart(int g) => longLoca ? (int)U32(font.AsSpan(loca.Offset + (4 * g))) : 2 * U16(font.AsSpan(loca.Offset + (2 * g)));
        ReadOnlySpan<byte> Glyph(int g) => font.AsSpan(glyf.Offset + GlyphStart(g), GlyphStart(g + 1) - GlyphStart(g));
        int Advance(int g) => U16(font.AsSpan(hmtx.Offset + (4 * Math.Min(g, metricCount - 1))));
        int SideBearing(int g) => (short)(g < metricCount
            ? U16(font.AsSpan(hmtx.Offset + (4 * g) + 2))
            : U16(font.AsSpan(hmtx.Offset + (4 * metricCount) + (2 * (g - metricCount)))));

        // The glyphs: .notdef, those the characters map to, and the components of composite glyphs.
        var firstCharacter = new Dictionary<int, int> { [0] = -1 };
        foreach (var (c, g) in characters.OrderBy(e => e.Key))
        {
            if (g >= glyphCount)
                throw new InvalidDataException($"Character U+{c:X4} maps to glyph {g}, beyond the font's {glyphCount} glyphs.");
            firstCharacter.TryAdd(g, c);
        }

        var pending = new Stack<int>(firstCharacter.Keys);
        while (pending.Count > 0)
        {
            foreach (var component in Components(Glyph(pending.Pop()), static (_, _) => { }))
            {
                if (firstCharacter.TryAdd(component, int.MaxValue))
                    pending.Push(component);
            }
        }

        // New order: .notdef, then glyphs of other widths, then those of the most common width (CJK ideographs), each by
        // character; the common-width run at the end needs no advance widths in hmtx (numberOfHMetrics stops before it).
        var common = firstCharacter.Keys.GroupBy(Advance).MaxBy(group => group.Count())!.Key;
        var order = firstCharacter.Keys.Where(g => g != 0)
            .OrderBy(g => Advance(g) == common).ThenBy(g => firstCharacter[g]).ThenBy(g => g)
            .Prepend(0).ToArray();
        var newId = new Dictionary<int, int>(order.Length);
        for (var i = 0; i < order.Length; i++)
            newId[order[i]] = i;
        var lastOther = Array.FindLastIndex(order, g => Advance(g) != common);
        var newMetricCount = Math.Min(order.Length, lastOther + 2);

        var glyphs = new MemoryStream();
        var offsets = new int[order.Length + 1];
        for (var i = 0; i < order.Length; i++)
        {
            offsets[i] = (int)glyphs.Position;
            var data = Glyph(order[i]).ToArray();
            Components(data, (at, component) => BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), (ushort)newId[component]));
            glyphs.Write(data);
            glyphs.Write(new byte[Align4(data.Length) - data.Length]);
        }

        offsets[order.Length] = (int)glyphs.Position;
        var locaTable = new byte[4 * offsets.Length];
        for (var i = 0; i < offsets.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(locaTable.AsSpan(4 * i), (uint)offsets[i]);

        var hmtxTable = new byte[(4 * newMetricCount) + (2 * (order.Length - newMetricCount))];
        for (var i = 0; i < order.Length; i++)
        {
            if (i < newMetricCount)
            {
                BinaryPrimitives.WriteUInt16BigEndian(hmtxTable.AsSpan(4 * i), (ushort)Advance(order[i]));
                BinaryPrimitives.WriteInt16BigEndian(hmtxTable.AsSpan((4 * i) + 2), (short)SideBearing(order[i]));
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(hmtxTable.AsSpan((4 * newMetricCount) + (2 * (i - newMetricCount))), (short)SideBearing(order[i]));
            }
        }

        var headTable = font.AsSpan(head.Offset, head.Length).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(headTable.AsSpan(8), 0); // checkSumAdjustment, set below
        BinaryPrimitives.WriteInt16BigEndian(headTable.AsSpan(50), 1); // long loca
        var hheaTable = font.AsSpan(hhea.Offset, hhea.Length).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hheaTable.AsSpan(34), (ushort)newMetricCount);
        var maxpTable = font.AsSpan(maxp.Offset, maxp.Length).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(maxpTable.AsSpan(4), (ushort)order.Length);
        var postTable = new byte[32];
        BinaryPrimitives.WriteUInt32BigEndian(postTable, 0x00030000); // format 3: no glyph names
        font.AsSpan(Require(font, "post").Offset + 4, 12).CopyTo(postTable.AsSpan(4)); // italic angle, underline, fixed pitch

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["cmap"] = CharacterMapTable(characters.ToDictionary(e => e.Key, e => newId[e.Value])),
            ["glyf"] = glyphs.ToArray(),
            ["head"] = headTable,
            ["hhea"] = hheaTable,
            ["hmtx"] = hmtxTable,
            ["loca"] = locaTable,
            ["maxp"] = maxpTable,
            ["name"] = NameTable(font, name),
            ["post"] = postTable,
        };
        foreach (var tag in CopiedTables)
        {
            if (Table(font, tag) is { } t)
                tables[tag] = font.AsSpan(t.Offset, t.Length).ToArray();
        }

        return Assemble(tables);
    }

    /// <summary>Calls <paramref name="component"/> with (offset of the glyph index, glyph index) for each component of a composite glyph.</summary>
    private static List<int> Components(ReadOnlySpan<byte> glyph, Action<int, int> component)
    {
        var found = new List<int>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0)
            return found;
        var at = 10;
        while (true)
        {
            var flags = U16(glyph[at..]);
            var index = U16(glyph[(at + 2)..]);
            found.Add(index);
            component(at + 2, index);
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
            at += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0; // scale, x/y scale, 2x2
            if ((flags & 0x0020) == 0) // MORE_COMPONENTS
                return found;
        }
    }

    /// <summary>A cmap with a (3,1) format 4 subtable for the BMP and a (3,10) format 12 subtable for all characters.</summary>
    private static byte[] CharacterMapTable(Dictionary<int, int> map)
    {
        var runs = new List<(int Start, int End, int Glyph)>();
        foreach (var (c, g) in map.OrderBy(e => e.Key))
        {
            if (runs.Count > 0 && runs[^1].End == c - 1 && runs[^1].Glyph + (c - runs[^1].Start) == g)
                runs[^1] = runs[^1] with { End = c };
            else
                runs.Add((c, c, g));
        }

        var format4 = Format4(map, runs);
        var groups = runs;
        var format12 = new byte[16 + (12 * groups.Count)];
        var f12 = format12.AsSpan();
        W16(f12, 12);
        BinaryPrimitives.WriteUInt32BigEndian(f12[4..], (uint)format12.Length);
        BinaryPrimitives.WriteUInt32BigEndian(f12[12..], (uint)groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(f12[(16 + (12 * i))..], (uint)groups[i].Start);
            BinaryPrimitives.WriteUInt32BigEndian(f12[(20 + (12 * i))..], (uint)groups[i].End);
            BinaryPrimitives.WriteUInt32BigEndian(f12[(24 + (12 * i))..], (uint)groups[i].Glyph);
        }

        var table = new byte[4 + 16 + format4.Length + format12.Length];
        var t = table.AsSpan();
        W16(t[2..], 2);
        W16(t[4..], 3);
        W16(t[6..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(t[8..], 20);
        W16(t[12..], 3);
        W16(t[14..], 10);
        BinaryPrimitives.WriteUInt32BigEndian(t[16..], (uint)(20 + format4.Length));
        format4.CopyTo(t[20..]);
        format12.CopyTo(t[(20 + format4.Length)..]);
        return table;
    }

    /// <summary>
    /// The format-4 subtable with as few segments as possible: PDFsharp looks characters up by a linear scan over the
    /// segments, once per character drawn. Long runs of consecutive glyphs keep a delta segment; short runs close to each
    /// other share one segment that lists its glyphs (0 for the code points in between that the face lacks).
    /// </summary>
    private static byte[] Format4(Dictionary<int, int> map, List<(int Start, int End, int Glyph)> runs)
    {
        const int longRun = 48;
        const int maxGap = 96;
        var segments = new List<(int Start, int End, int Delta, bool Listed)>();
        foreach (var run in runs.Where(r => r.End < 0xFFFF))
        {
            var isLong = run.End - run.Start + 1 >= longRun;
            if (!isLong && segments.Count > 0 && segments[^1].Listed && run.Start - segments[^1].End <= maxGap)
                segments[^1] = segments[^1] with { End = run.End };
            else
                segments.Add(isLong ? (run.Start, run.End, run.Glyph - run.Start, false) : (run.Start, run.End, 0, true));
        }

        segments.Add((0xFFFF, 0xFFFF, 1, false)); // required final segment, maps to glyph 0
        var count = segments.Count;
        var listed = segments.Where(s => s.Listed).Sum(s => s.End - s.Start + 1);
        var table = new byte[16 + (8 * count) + (2 * listed)];
        if (table.Length > ushort.MaxValue)
            throw new InvalidDataException($"The character map needs {count} format-4 segments and {listed} listed glyphs; too large for one subtable.");
        var t = table.AsSpan();
        var power = 1 << (int)Math.Log2(count);
        W16(t, 4);
        W16(t[2..], table.Length);
        W16(t[6..], 2 * count);
        W16(t[8..], 2 * power);
        W16(t[10..], (int)Math.Log2(power));
        W16(t[12..], (2 * count) - (2 * power));
        var arrayAt = 16 + (8 * count);
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var (start, end, delta, isListed) = segments[i];
            W16(t[(14 + (2 * i))..], end);
            W16(t[(16 + (2 * count) + (2 * i))..], start);
            W16(t[(16 + (4 * count) + (2 * i))..], delta & 0xFFFF);
            if (!isListed)
                continue;
            var rangeOffsetAt = 16 + (6 * count) + (2 * i);
            W16(t[rangeOffsetAt..], arrayAt + (2 * next) - rangeOffsetAt);
            for (var c = start; c <= end; c++)
                W16(t[(arrayAt + (2 * next++))..], map.GetValueOrDefault(c));
        }

        return table;
    }

    /// <summary>The original name table's records (copyright, licence, version, …) with new family, full and PostScript names.</summary>
    private static byte[] NameTable(ReadOnlySpan<byte> font, string name)
    {
        var records = new List<(int Platform, int Encoding, int Language, int NameId, byte[] Text)>();
        if (Table(font, "name") is { } original)
        {
            var table = font.Slice(original.Offset, original.Length);
            var strings = U16(table[4..]);
            for (var i = 0; i < U16(table[2..]); i++)
            {
                var r = table.Slice(6 + (12 * i), 12);
                var id = U16(r[6..]);
                if (id is 1 or 3 or 4 or 6 or 16 or 17 or 18 or 20 or 21)
                    continue;
                records.Add((U16(r), U16(r[2..]), U16(r[4..]), id, table.Slice(strings + U16(r[10..]), U16(r[8..])).ToArray()));
            }
        }

        foreach (var id in new[] { 1, 3, 4, 6 })
            records.Add((3, 1, 0x409, id, Encoding.BigEndianUnicode.GetBytes(name)));
        records.Sort((a, b) => (a.Platform, a.Encoding, a.Language, a.NameId).CompareTo((b.Platform, b.Encoding, b.Language, b.NameId)));

        var header = 6 + (12 * records.Count);
        var result = new MemoryStream();
        var head = new byte[header];
        W16(head.AsSpan(2), records.Count);
        W16(head.AsSpan(4), header);
        result.Write(head);
        for (var i = 0; i < records.Count; i++)
        {
            var r = head.AsSpan(6 + (12 * i));
            W16(r, records[i].Platform);
            W16(r[2..], records[i].Encoding);
            W16(r[4..], records[i].Language);
            W16(r[6..], records[i].NameId);
            W16(r[8..], records[i].Text.Length);
            W16(r[10..], (int)result.Position - header);
            result.Write(records[i].Text);
        }

        var bytes = result.ToArray();
        head.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var power = 1 << (int)Math.Log2(count);
        var size = 12 + (16 * count) + tables.Values.Sum(t => Align4(t.Length));
        var font = new byte[size];
        var f = font.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(f, 0x00010000);
        W16(f[4..], count);
        W16(f[6..], 16 * power);
        W16(f[8..], (int)Math.Log2(power));
        W16(f[10..], (16 * count) - (16 * power));
        var position = 12 + (16 * count);
        var i = 0;
        var headAt = 0;
        foreach (var (tag, data) in tables)
        {
            var record = f.Slice(12 + (16 * i++), 16);
            Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], CheckSum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(f[position..]);
            if (tag == "head")
                headAt = position;
            position += Align4(data.Length);
        }

        BinaryPrimitives.WriteUInt32BigEndian(f[(headAt + 8)..], 0xB1B0AFBA - CheckSum(font));
        return font;
    }

    private static uint CheckSum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
            sum += U32(data[i..]);
        if (i < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            data[i..].CopyTo(last);
            sum += U32(last);
        }

        return sum;
    }

    private static (int Offset, int Length)? Table(ReadOnlySpan<byte> font, string tag)
    {
        Span<byte> wanted = stackalloc byte[4];
        Encoding.ASCII.GetBytes(tag, wanted);
        for (var i = 0; i < U16(font[4..]); i++)
        {
            var record = font.Slice(12 + (16 * i), 16);
            if (record[..4].SequenceEqual(wanted))
                return ((int)U32(record[8..]), (int)U32(record[12..]));
        }

        return null;
    }

    private static (int Offset, int Length) Require(ReadOnlySpan<byte> font, string tag) =>
        Table(font, tag) ?? throw new InvalidDataException($"The font has no '{tag}' table; only TrueType-outline fonts (glyf/loca) can be used for reports.");

    private static int U16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt32BigEndian(b);

    private static void W16(Span<byte> b, int value) => BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);

    private static int Align4(int length) => (length + 3) & ~3;
}
