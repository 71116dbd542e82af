using System.Collections;

namespace CreditProof.Rendering;

/// <summary>
/// A QR code encoder (ISO/IEC 18004) for what reports need: ASCII text in byte mode at error correction level M,
/// versions 1–40, the mask chosen by the standard's four penalty rules. It exists for speed: every report encodes one
/// QR code of version 12–15, which QRCoder and ZXing take 2.5–5 ms for (mostly mask evaluation on boxed bit arrays);
/// this one works on a flat byte grid and takes a fraction of a millisecond. Structure after Project Nayuki's
/// reference encoder (MIT). Tests decode its output with ZXing.
/// </summary>
public static class QrEncoder
{
    public const int QuietZone = 4;

    // Level M, index = version (ISO/IEC 18004 table 9).
    private static readonly int[] EccCodewordsPerBlock =
        [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];

    private static readonly int[] ErrorCorrectionBlocks =
        [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

    private static readonly byte[] Exp = new byte[512];
    private static readonly int[] Log = new int[256];
    private static readonly byte[]?[] Divisors = new byte[31][];

    static QrEncoder()
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = Exp[i + 255] = (byte)x;
            Log[x] = i;
            x <<= 1;
            if (x >= 0x100)
                x ^= 0x11D;
        }

        foreach (var degree in EccCodewordsPerBlock.Skip(1).Distinct())
            Divisors[degree] = Divisor(degree);
    }

    /// <summary>The modules (true = dark), quiet zone of <see cref="QuietZone"/> included, and the version.</summary>
    public static (BitArray[] Modules, int Version) Encode(string text)
    {
        var data = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
                throw new ArgumentException($"QR text must be ASCII; character {i} is U+{(int)text[i]:X4}.", nameof(text));
            data[i] = (byte)text[i];
        }

        var version = 1;
        while (DataCodewords(version) * 8 < 4 + (version < 10 ? 8 : 16) + (8 * data.Length))
        {
            if (++version > 40)
                throw new ArgumentException($"{data.Length} bytes do not fit a QR code at error correction M (at most 2331).", nameof(text));
        }

        var codewords = Interleave(version, DataBits(version, data));
        var template = Templates[version] ??= new Template(version); // a benign race: both threads build the same
        var size = template.Size;
        var grid = (byte[])template.Grid.Clone();
        var positions = template.DataPositions;
        for (var i = 0; i < codewords.Length * 8 && i < positions.Length; i++)
            grid[positions[i]] = (byte)((codewords[i >> 3] >> (7 - (i & 7))) & 1);

        var best = 0;
        var bestPenalty = int.MaxValue;
        var transposed = new byte[grid.Length];
        for (var mask = 0; mask < 8; mask++)
        {
            Xor(grid, template.Masks[mask]);
            DrawFormatBits(grid, null, size, mask);
            var penalty = Penalty(grid, transposed, size);
            if (penalty < bestPenalty)
            {
                best = mask;
                bestPenalty = penalty;
            }

            Xor(grid, template.Masks[mask]); // undone
        }

        Xor(grid, template.Masks[best]);
        DrawFormatBits(grid, null, size, best);

        var modules = new BitArray[size + (2 * QuietZone)];
        for (var y = 0; y < modules.Length; y++)
        {
            modules[y] = new BitArray(size + (2 * QuietZone));
            if (y < QuietZone || y >= size + QuietZone)
                continue;
            for (var x = 0; x < size; x++)
                modules[y][x + QuietZone] = grid[((y - QuietZone) * size) + x] != 0;
        }

        return (modules, version);
    }

    private static int RawDataModules(int version)
    {
        var result = (((16 * version) + 128) * version) + 64;
        if (version >= 2)
        {
            var align = (version / 7) + 2;
            result -= (((25 * align) - 10) * align) - 55;
            if (version >= 7)
                result -= 36;
        }

        return result;
    }

    private static int DataCodewords(int version) =>
        (RawDataModules(version) / 8) - (EccCodewordsPerBlock[version] * ErrorCorrectionBlocks[version]);

    /// <summary>Byte-mode segment, terminator, padding to the data capacity.</summary>
    private static byte[] DataBits(int version, byte[] data)
    {
        var result = new byte[DataCodewords(version)];
        var bit = 0;
        void Append(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--, bit++)
            {
                if (((value >> i) & 1) != 0)
                    result[bit >> 3] |= (byte)(0x80 >> (bit & 7));
            }
        }

        Append(0b0100, 4);
        Append(data.Length, version < 10 ? 8 : 16);
        foreach (var b in data)
            Append(b, 8);
        Append(0, Math.Min(4, (result.Length * 8) - bit));
        bit = (bit + 7) & ~7;
        for (var pad = 0xEC; bit < result.Length * 8; pad ^= 0xEC ^ 0x11)
            Append(pad, 8);
        return result;
    }

    /// <summary>Splits the data into blocks, appends each block's Reed–Solomon codewords and interleaves them.</summary>
    private static byte[] Interleave(int version, byte[] data)
    {
        var blocks = ErrorCorrectionBlocks[version];
        var eccLength = EccCodewordsPerBlock[version];
        var raw = RawDataModules(version) / 8;
        var shortBlocks = blocks - (raw % blocks);
        var shortLength = raw / blocks;
        var divisor = Divisors[eccLength]!;
        var all = new byte[blocks][];
        for (int i = 0, k = 0; i < blocks; i++)
        {
            var dataLength = shortLength - eccLength + (i < shortBlocks ? 0 : 1);
            var block = new byte[shortLength + 1];
            Array.Copy(data, k, block, 0, dataLength);
            k += dataLength;
            Remainder(block.AsSpan(0, dataLength), divisor, block.AsSpan(shortLength + 1 - eccLength));
            all[i] = block;
        }

        var result = new byte[raw];
        var n = 0;
        for (var i = 0; i <= shortLength; i++)
        {
            for (var j = 0; j < blocks; j++)
            {
                // Short blocks have no codeword at the last data position.
                if (i != shortLength - eccLength || j >= shortBlocks)
                    result[n++] = all[j][i];
            }
        }

        return result;
    }

    private static byte[] Divisor(int degree)
    {
        var result = new byte[degree];
        result[degree - 1] = 1;
        var root = 1;
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                result[j] = Multiply(result[j], root);
                if (j + 1 < degree)
                    result[j] ^= result[j + 1];
            }

            root = Multiply(root, 2);
        }

        return result;
    }

    private static void Remainder(ReadOnlySpan<byte> data, byte[] divisor, Span<byte> result)
    {
        result.Clear();
        foreach (var b in data)
        {
            var factor = b ^ result[0];
            result[1..].CopyTo(result);
            result[^1] = 0;
            if (factor == 0)
                continue;
            for (var i = 0; i < result.Length; i++)
                result[i] ^= Multiply(divisor[i], factor);
        }
    }

    private static byte Multiply(int a, int b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    private static void DrawFunctionPatterns(byte[] grid, bool[] function, int size, int version)
    {
        void Set(int x, int y, bool dark)
        {
            grid[(y * size) + x] = dark ? (byte)1 : (byte)0;
            function[(y * size) + x] = true;
        }

        for (var i = 0; i < size; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }

        foreach (var (cx, cy) in new[] { (3, 3), (size - 4, 3), (3, size - 4) })
        {
            for (var dy = -4; dy <= 4; dy++)
            {
                for (var dx = -4; dx <= 4; dx++)
                {
                    var distance = Math.Max(Math.Abs(dx), Math.Abs(dy));
                    if (cx + dx >= 0 && cx + dx < size && cy + dy >= 0 && cy + dy < size)
                        Set(cx + dx, cy + dy, distance != 2 && distance != 4);
                }
            }
        }

        var positions = AlignmentPositions(version, size);
        for (var i = 0; i < positions.Length; i++)
        {
            for (var j = 0; j < positions.Length; j++)
            {
                if ((i == 0 && j == 0) || (i == 0 && j == positions.Length - 1) || (i == positions.Length - 1 && j == 0))
                    continue; // the finder patterns' corners
                for (var dy = -2; dy <= 2; dy++)
                {
                    for (var dx = -2; dx <= 2; dx++)
                        Set(positions[i] + dx, positions[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
                }
            }
        }

        DrawFormatBits(grid, function, size, 0); // reserves the format areas; drawn for real after masking
        if (version >= 7)
        {
            var rem = version;
            for (var i = 0; i < 12; i++)
                rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
            var bits = (version << 12) | rem;
            for (var i = 0; i < 18; i++)
            {
                var dark = ((bits >> i) & 1) != 0;
                int a = size - 11 + (i % 3), b = i / 3;
                Set(a, b, dark);
                Set(b, a, dark);
            }
        }
    }

    private static int[] AlignmentPositions(int version, int size)
    {
        if (version == 1)
            return [];
        var count = (version / 7) + 2;
        var step = ((version * 8) + (count * 3) + 5) / ((count * 4) - 4) * 2;
        var result = new int[count];
        result[0] = 6;
        for (int i = count - 1, position = size - 7; i >= 1; i--, position -= step)
            result[i] = position;
        return result;
    }

    private static void DrawFormatBits(byte[] grid, bool[]? function, int size, int mask)
    {
        var data = mask; // level M's two format bits are 00
        var rem = data;
        for (var i = 0; i < 10; i++)
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        var bits = ((data << 10) | rem) ^ 0x5412;
        void Set(int x, int y, int bit)
        {
            grid[(y * size) + x] = (byte)((bits >> bit) & 1);
            function?[(y * size) + x] = true;
        }

        for (var i = 0; i <= 5; i++)
            Set(8, i, i);
        Set(8, 7, 6);
        Set(8, 8, 7);
        Set(7, 8, 8);
        for (var i = 9; i < 15; i++)
            Set(14 - i, 8, i);
        for (var i = 0; i < 8; i++)
            Set(size - 1 - i, 8, i);
        for (var i = 8; i < 15; i++)
            Set(8, size - 15 + i, i);
        grid[((size - 8) * size) + 8] = 1; // the dark module
        function?[((size - 8) * size) + 8] = true;
    }

    private static readonly Template?[] Templates = new Template?[41];

    /// <summary>What depends on the version only: function patterns, the data modules in placement order, the eight masks.</summary>
    private sealed class Template
    {
        public Template(int version)
        {
            Size = (version * 4) + 17;
            Grid = new byte[Size * Size];
            var function = new bool[Size * Size];
            DrawFunctionPatterns(Grid, function, Size, version);

            // The standard's two-column zigzag from the bottom right, skipping function modules and the timing column.
            var positions = new List<int>(Size * Size);
            for (var right = Size - 1; right >= 1; right -= 2)
            {
                if (right == 6)
                    right = 5;
                for (var vertical = 0; vertical < Size; vertical++)
                {
                    for (var j = 0; j < 2; j++)
                    {
                        var x = right - j;
                        var y = ((right + 1) & 2) == 0 ? Size - 1 - vertical : vertical;
                        if (!function[(y * Size) + x])
                            positions.Add((y * Size) + x);
                    }
                }
            }

            DataPositions = [.. positions];
            Masks = new byte[8][];
            for (var mask = 0; mask < 8; mask++)
            {
                var m = Masks[mask] = new byte[Size * Size];
                for (var y = 0; y < Size; y++)
                {
                    for (var x = 0; x < Size; x++)
                    {
                        var invert = mask switch
                        {
                            0 => (x + y) % 2 == 0,
                            1 => y % 2 == 0,
                            2 => x % 3 == 0,
                            3 => (x + y) % 3 == 0,
                            4 => ((x / 3) + (y / 2)) % 2 == 0,
                            5 => ((x * y % 2) + (x * y % 3)) == 0,
                            6 => (((x * y % 2) + (x * y % 3)) % 2) == 0,
                            _ => ((((x + y) % 2) + (x * y % 3)) % 2) == 0,
                        };
                        m[(y * Size) + x] = invert && !function[(y * Size) + x] ? (byte)1 : (byte)0;
                    }
                }
            }
        }

        public int Size { get; }

        public byte[] Grid { get; }

        public int[] DataPositions { get; }

        public byte[][] Masks { get; }
    }

    private static void Xor(byte[] grid, byte[] mask)
    {
        var g = grid.AsSpan();
        var m = mask.AsSpan();
        var i = 0;
        for (; i + 8 <= g.Length; i += 8)
        {
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(g[i..]) ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(m[i..]);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(g[i..], word);
        }

        for (; i < g.Length; i++)
            g[i] ^= m[i];
    }

    /// <summary>ISO/IEC 18004 7.8.3: runs of five or more (N1 = 3), 2×2 blocks (N2 = 3), finder-like patterns (N3 = 40), dark balance (N4 = 10).</summary>
    private static int Penalty(byte[] grid, byte[] transposed, int size)
    {
        var dark = 0;
        var blocks = 0;
        for (var y = 0; y < size; y++)
        {
            var row = grid.AsSpan(y * size, size);
            for (var x = 0; x < size; x++)
            {
                transposed[(x * size) + y] = row[x];
                dark += row[x];
            }

            if (y + 1 == size)
                continue;
            var next = grid.AsSpan((y + 1) * size, size);
            for (var x = 0; x + 1 < size; x++)
            {
                var c = row[x];
                blocks += 1 - ((c ^ row[x + 1]) | (c ^ next[x]) | (c ^ next[x + 1])); // 1 when all four are alike
            }
        }

        var penalty = 3 * blocks;

        penalty += Lines(grid, size) + Lines(transposed, size);
        var total = size * size;
        penalty += ((((Math.Abs((dark * 20) - (total * 10)) + total) - 1) / total) - 1) * 10;
        return penalty;
    }

    /// <summary>Rules 1 and 3 along each row of <paramref name="grid"/>; outside the symbol counts as light.</summary>
    private static int Lines(byte[] grid, int size)
    {
        const int lightThenFinder = 0b000_0101_1101; // 0000 1011101
        const int finderThenLight = 0b101_1101_0000; // 1011101 0000
        var penalty = 0;
        for (var y = 0; y < size; y++)
        {
            var row = grid.AsSpan(y * size, size);
            var run = 1;
            var window = 0;
            for (var x = 0; x < size + 4; x++)
            {
                var c = x < size ? row[x] : 0;
                window = ((window << 1) | c) & 0x7FF;
                if (window == lightThenFinder || window == finderThenLight)
                    penalty += 40;
                if (x == 0 || x >= size)
                    continue;
                if (c == row[x - 1])
                {
                    run++;
                    if (x < size - 1)
                        continue;
                }

                if (run >= 5)
                    penalty += 3 + (run - 5);
                run = 1;
            }
        }

        return penalty;
    }
}
