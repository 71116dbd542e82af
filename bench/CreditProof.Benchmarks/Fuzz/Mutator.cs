using System.IO.Compression;
using System.Text;

namespace CreditProof.Benchmarks.Fuzz;

public enum FuzzFormat
{
    Csv,
    Xlsx,
    Json,
    RegisterCsv,
}

/// <summary>
/// Deterministic mutations of a valid input (same seed, same inputs): byte-level damage for every format, text-level
/// damage aimed at what each reader parses (headers, cells, JSON structure, encodings), and zip damage for XLSX —
/// structural (directory, sizes, truncation) and inside the sheet (the sheet's XML mutated and zipped again).
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    public const int MaxInputBytes = 4 << 20;

    private readonly Random _random = new(seed);

    static Mutator() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public (byte[] Bytes, string Mutation) Mutate(byte[] seedInput, FuzzFormat format)
    {
        var steps = 1 + _random.Next(3);
        var bytes = seedInput;
        var names = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            var (name, next) = format == FuzzFormat.Xlsx && _random.Next(3) > 0 ? MutateXlsx(bytes) : MutateBytesOrText(bytes, format);
            bytes = next;
            names.Add(name);
        }

        // Large inputs are a few mutations (huge cells, wide rows) deep, not hundreds of megabytes: the run stays fast.
        if (bytes.Length > MaxInputBytes)
        {
            bytes = bytes[..MaxInputBytes];
            names.Add("cut");
        }

        return (bytes, string.Join('+', names));
    }

    private (string, byte[]) MutateBytesOrText(byte[] bytes, FuzzFormat format)
    {
        if (format == FuzzFormat.Xlsx)
            return ByteMutation(bytes);
        return _random.Next(2) == 0 ? ByteMutation(bytes) : TextMutation(bytes, format);
    }

    private (string, byte[]) ByteMutation(byte[] bytes)
    {
        var b = (byte[])bytes.Clone();
        switch (_random.Next(7))
        {
            case 0:
                for (var i = _random.Next(1, 9); i > 0 && b.Length > 0; i--)
                    b[_random.Next(b.Length)] ^= (byte)(1 << _random.Next(8));
                return ("bit-flip", b);
            case 1:
                return ("truncate", b[..(b.Length == 0 ? 0 : _random.Next(b.Length))]);
            case 2:
                return ("insert-bytes", Insert(b, RandomBytes(_random.Next(1, 64))));
            case 3:
                byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x00]];
                return ("invalid-utf8", Insert(b, invalid[_random.Next(invalid.Length)]));
            case 4:
                byte[][] boms = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], [0x84, 0x31, 0x95, 0x33]];
                return ("bom", [.. boms[_random.Next(boms.Length)], .. b]);
            case 5:
                if (b.Length < 2)
                    return ("noop", b);
                var from = _random.Next(b.Length);
                var length = Math.Min(b.Length - from, _random.Next(1, 256));
                return ("duplicate-span", Insert(b, b.AsSpan(from, length).ToArray()));
            default:
                if (b.Length == 0)
                    return ("noop", b);
                var at = _random.Next(b.Length);
                return ("delete-span", [.. b.AsSpan(0, at), .. b.AsSpan(Math.Min(b.Length, at + _random.Next(1, 64)))]);
        }
    }

    private (string, byte[]) TextMutation(byte[] bytes, FuzzFormat format)
    {
        var text = Utf8.GetString(bytes);
        var lines = text.Split('\n').ToList();
        switch (_random.Next(format == FuzzFormat.Json ? 9 : 7))
        {
            case 0:
                return ("huge-cell", Utf8.GetBytes(InsertAt(text, ",\"" + new string('长', _random.Next(1, 4) * 40_000) + "\",")));
            case 1:
                return ("gb18030-as-utf8", Encoding.GetEncoding("GB18030").GetBytes(text));
            case 2:
                // Half GB18030, half UTF-8: the detector sees only one.
                var half = text.Length / 2;
                return ("mixed-encodings", [.. Utf8.GetBytes(text[..half]), .. Encoding.GetEncoding("GB18030").GetBytes(text[half..])]);
            case 3:
                if (format == FuzzFormat.Json)
                    return ("duplicate-property", Utf8.GetBytes(DuplicateJsonProperty(text)));
                // The first header column again, and a spelling that normalises to it (case, spaces, full width).
                var cells = lines[0].Split(',');
                var name = cells[_random.Next(cells.Length)];
                string[] variants = [name, " " + name + " ", name.ToLowerInvariant(), ToFullWidth(name), name + "\u200B", "\uFEFF" + name];
                lines[0] = lines[0].TrimEnd('\r') + "," + variants[_random.Next(variants.Length)];
                return ("normalising-header", Utf8.GetBytes(string.Join('\n', lines)));
            case 4:
                return ("many-columns", Utf8.GetBytes(InsertAt(text, string.Concat(Enumerable.Repeat(",x", _random.Next(100, 20_000))))));
            case 5:
                var line = lines[_random.Next(lines.Count)];
                var repeats = Math.Min(_random.Next(10, 3000), MaxInputBytes / (4 * (line.Length + 1)));
                return ("many-rows", Utf8.GetBytes(text + string.Concat(Enumerable.Repeat("\n" + line, repeats))));
            case 6:
                string[] odd = ["\"", "\"\"\"", "\r", "\r\n\r\n", "\0", "=cmd|' /C calc'!A0", "\u0085", "\u2028", "\uD800", "\uDFFF\uD800", "𠀀𠀀", ",,,,", ";", "\t"];
                return ("odd-text", Encoding.UTF8.GetBytes(InsertAt(text, odd[_random.Next(odd.Length)])));
            case 7:
                string[] escapes = ["\\ud800", "\\udfff", "\\ud800\\u0041", "\\u0000", "\\uD83D", "\\x41", "\\u12", "\\"];
                return ("json-escape", Utf8.GetBytes(InsertIntoJsonString(text, escapes[_random.Next(escapes.Length)])));
            default:
                return _random.Next(2) == 0
                    ? ("deep-nesting", Utf8.GetBytes(ReplaceJsonValue(text, new string('[', _random.Next(64, 5000)) + new string(']', _random.Next(0, 5000)))))
                    : ("wrong-type", Utf8.GetBytes(ReplaceJsonValue(text, Pick("123", "-1e999", "true", "null", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "1.5e308", "\"\""))));
        }
    }

    private (string, byte[]) MutateXlsx(byte[] bytes)
    {
        if (_random.Next(4) == 0)
            return ZipStructureDamage(bytes);
        // Mutate one part's XML and zip the package again, so the damage reaches the sheet parser, not only the unzipper.
        try
        {
            using var input = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var entries = input.Entries.Select(e =>
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                return (e.FullName, Data: m.ToArray());
            }).ToList();
            if (entries.Count == 0)
                return ZipStructureDamage(bytes);
            var sheet = entries.FindIndex(e => e.FullName.Contains("sheet", StringComparison.OrdinalIgnoreCase));
            var target = sheet >= 0 && _random.Next(3) > 0 ? sheet : _random.Next(entries.Count);
            var (name, data) = XmlMutation(entries[target].Data);
            entries[target] = (entries[target].FullName, data);
            if (_random.Next(10) == 0)
                entries.Add(entries[target]);
            using var output = new MemoryStream();
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (fullName, content) in entries)
                {
                    using var s = zip.CreateEntry(fullName).Open();
                    s.Write(content);
                }
            }

            return ("xlsx-part:" + name, output.ToArray());
        }
        catch (InvalidDataException)
        {
            // Already damaged by an earlier step: damage it further.
            return ByteMutation(bytes);
        }
    }

    private (string, byte[]) XmlMutation(byte[] xml)
    {
        var text = Utf8.GetString(xml);
        switch (_random.Next(8))
        {
            case 0:
                return ("wide-row", Utf8.GetBytes(InsertBefore(text, "</row>", string.Concat(Enumerable.Repeat("<c><v>1</v></c>", _random.Next(500, 20_000))))));
            case 1:
                return ("far-column", Utf8.GetBytes(ReplaceFirst(text, "r=\"A", "r=\"" + Pick("XFD", "ZZZZZZ", "AAAAAAAAAAAAAA", "", "1"))));
            case 2:
                return ("long-cell", Utf8.GetBytes(InsertBefore(text, "</t>", new string('长', _random.Next(1, 3) * 30_000))));
            case 3:
                return ("dtd", Utf8.GetBytes(text.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>", StringComparison.Ordinal)));
            case 4:
                return ("wrong-cell-type", Utf8.GetBytes(ReplaceFirst(text, "t=\"inlineStr\"", Pick("t=\"s\"", "t=\"n\"", "t=\"b\"", "t=\"d\"", "t=\"e\""))));
            case 5:
                return ("row-numbers", Utf8.GetBytes(ReplaceFirst(text, "<row r=\"", "<row r=\"" + Pick("-1", "0", "99999999999", "x", "2147483648") + "\" x=\"")));
            case 6:
                return ("dimension", Utf8.GetBytes(ReplaceFirst(text, "<sheetData>", "<dimension ref=\"A1:" + Pick("XFD1048576", "ZZZZZ1", "A0", ":") + "\"/><sheetData>")));
            default:
                var (name, bytes) = ByteMutation(xml);
                return ("xml-" + name, bytes);
        }
    }

    private (string, byte[]) ZipStructureDamage(byte[] bytes)
    {
        var b = (byte[])bytes.Clone();
        var directory = LastIndexOf(b, [0x50, 0x4B, 0x01, 0x02]);
        var end = LastIndexOf(b, [0x50, 0x4B, 0x05, 0x06]);
        switch (_random.Next(5))
        {
            case 0 when directory >= 0:
                // A central directory header's sizes (compressed at +20, uncompressed at +24) or offset (+42).
                var field = Pick(20, 24, 42);
                if (directory + field + 4 <= b.Length)
                    BitConverter.TryWriteBytes(b.AsSpan(directory + field, 4), _random.Next(2) == 0 ? uint.MaxValue : (uint)_random.Next());
                return ("zip-directory-field", b);
            case 1 when end >= 0 && end + 12 <= b.Length:
                // The entry count of the end record.
                BitConverter.TryWriteBytes(b.AsSpan(end + 10, 2), (ushort)_random.Next(ushort.MaxValue));
                return ("zip-entry-count", b);
            case 2:
                return ("zip-truncate", b[..(b.Length / 2 + _random.Next(b.Length / 2))]);
            case 3:
                var local = IndexOf(b, [0x50, 0x4B, 0x03, 0x04], _random.Next(Math.Max(1, b.Length / 2)));
                if (local >= 0 && local + 8 < b.Length)
                    b[local + 8] = (byte)Pick(0, 1, 12, 14, 99);
                return ("zip-method", b);
            default:
                return ("zip-bytes", ByteMutation(b).Item2);
        }
    }

    private string DuplicateJsonProperty(string text)
    {
        var at = text.IndexOf("\":", _random.Next(Math.Max(1, text.Length / 2)), StringComparison.Ordinal);
        if (at < 0)
            return text;
        var start = text.LastIndexOf('"', Math.Max(0, at - 1));
        if (start < 0)
            return text;
        var name = text[(start + 1)..at];
        string[] variants = [name, name.ToLowerInvariant(), " " + name, ToFullWidth(name), name + "\u200B"];
        var open = text.LastIndexOf('{', start);
        return open < 0 ? text : text.Insert(open + 1, $"\"{variants[_random.Next(variants.Length)]}\":\"dup\",");
    }

    private string InsertIntoJsonString(string text, string escape)
    {
        var at = text.IndexOf(':', _random.Next(Math.Max(1, text.Length)));
        var quote = at < 0 ? -1 : text.IndexOf('"', at);
        return quote < 0 ? text + escape : text.Insert(quote + 1, escape);
    }

    private string ReplaceJsonValue(string text, string value)
    {
        var at = text.IndexOf("\":", _random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
        if (at < 0)
            return value;
        var start = at + 2;
        while (start < text.Length && text[start] == ' ')
            start++;
        var stop = start;
        if (stop < text.Length && text[stop] == '"')
        {
            stop = text.IndexOf('"', stop + 1);
            stop = stop < 0 ? text.Length : stop + 1;
        }
        else
        {
            while (stop < text.Length && text[stop] is not (',' or '}' or ']'))
                stop++;
        }

        return string.Concat(text.AsSpan(0, start), value, text.AsSpan(stop));
    }

    private string InsertAt(string text, string insert)
    {
        var at = _random.Next(text.Length + 1);
        // Never split a surrogate pair of the seed: the seed's own characters stay valid.
        if (at > 0 && at < text.Length && char.IsLowSurrogate(text[at]))
            at--;
        return text.Insert(at, insert);
    }

    private string InsertBefore(string text, string marker, string insert)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? InsertAt(text, insert) : text.Insert(at, insert);
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + what.Length));
    }

    private byte[] Insert(byte[] b, byte[] insert)
    {
        var at = _random.Next(b.Length + 1);
        return [.. b.AsSpan(0, at), .. insert, .. b.AsSpan(at)];
    }

    private byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        _random.NextBytes(b);
        return b;
    }

    private T Pick<T>(params T[] options) => options[_random.Next(options.Length)];

    private static string ToFullWidth(string s) => string.Concat(s.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '！') : c));

    private static int LastIndexOf(byte[] b, byte[] what) => b.AsSpan().LastIndexOf(what);

    private static int IndexOf(byte[] b, byte[] what, int from) => from >= b.Length ? -1 : b.AsSpan(from).IndexOf(what) is var i and >= 0 ? from + i : -1;
}
