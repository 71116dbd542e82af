using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace CreditProof.Ingest;

/// <summary>
/// Bounds on what one spreadsheet may make the reader do, checked before ExcelDataReader sees the file: a small XLSX
/// can inflate to gigabytes (deflate reaches about 1000:1) or declare one row of millions of cells. Excel's own limits
/// where it has one (32,767 characters a cell, 1,048,576 rows); far wider than any record layout elsewhere.
/// </summary>
public sealed record SpreadsheetLimits
{
    public static readonly SpreadsheetLimits Default = new();

    /// <summary>Uncompressed size of one part of the package (a sheet, the shared strings).</summary>
    public long MaxPartBytes { get; init; } = 256L << 20;

    /// <summary>Uncompressed size of all parts together.</summary>
    public long MaxTotalBytes { get; init; } = 512L << 20;

    /// <summary>Uncompressed to compressed size of a part over 1 MiB; real sheets compress 5–30 times.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    public int MaxParts { get; init; } = 1000;

    /// <summary>Columns of a row: cells in it and the highest column letter used.</summary>
    public int MaxColumns { get; init; } = 1000;

    /// <summary>Characters of one cell (Excel's limit).</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>
    /// Characters of one JSON record (an array element or an NDJSON line), read before it is parsed: without it one
    /// record of millions of properties is held whole. 1 Mi characters is some thirty times the longest real judgment.
    /// </summary>
    public int MaxRecordChars { get; init; } = 1 << 20;

    /// <summary>Rows of a sheet (Excel's limit).</summary>
    public int MaxRows { get; init; } = 1_048_576;
}

/// <summary>Checks an XLSX package against <see cref="SpreadsheetLimits"/> by its directory and one streaming pass over its sheets.</summary>
internal static class XlsxGuard
{
    private const long SmallPart = 1L << 20;

    public static bool IsZip(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        var start = stream.Position;
        var read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 4 && magic.SequenceEqual("PK\x03\x04"u8);
    }

    /// <summary>Throws <see cref="ImportFormatException"/> when the package breaks a limit or is no readable zip; leaves the stream where it was.</summary>
    public static void Check(Stream stream, SpreadsheetLimits limits)
    {
        var start = stream.Position;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxParts)
                throw Refused($"包含{zip.Entries.Count}个部件，最多{limits.MaxParts}个", $"it holds {zip.Entries.Count} parts; at most {limits.MaxParts}");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                // The declared size bounds what inflating yields: .NET's zip reader stops at it.
                if (entry.Length > limits.MaxPartBytes)
                    throw Refused($"部件“{entry.FullName}”解压后{Mib(entry.Length)}，超过{Mib(limits.MaxPartBytes)}",
                        $"part '{entry.FullName}' is {Mib(entry.Length)} uncompressed; at most {Mib(limits.MaxPartBytes)}");
                if (entry.Length > SmallPart && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    throw Refused($"部件“{entry.FullName}”的压缩比超过{limits.MaxCompressionRatio}:1（疑似压缩炸弹）",
                        $"part '{entry.FullName}' is compressed more than {limits.MaxCompressionRatio}:1 (a zip bomb?)");
                total += entry.Length;
                if (total > limits.MaxTotalBytes)
                    throw Refused($"解压后超过{Mib(limits.MaxTotalBytes)}", $"it is more than {Mib(limits.MaxTotalBytes)} uncompressed");
            }

            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    ScanSheet(entry, limits, "c");
                else if (name.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase))
                    ScanSheet(entry, limits, "si");
            }
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            throw Unreadable(e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    public static ImportFormatException Unreadable(Exception e) =>
        new($"电子表格已损坏或无法读取（{e.GetType().Name}），请用 Excel 或 WPS 重新保存为 XLSX 后再试",
            $"the spreadsheet is damaged or unreadable ({e.GetType().Name}: {e.Message}); save it again as XLSX from Excel or WPS and retry");

    public static ImportFormatException Refused(string zh, string en) =>
        new($"电子表格超出平台的读取限制：{zh}。请拆分文件或改用 CSV", $"the spreadsheet exceeds the platform's reading limits: {en}. Split the file or send CSV");

    /// <summary>One pass of an XML part: rows, cells per row, column letters and text length per cell (<paramref name="cell"/>: c or si).</summary>
    private static void ScanSheet(ZipArchiveEntry entry, SpreadsheetLimits limits, string cell)
    {
        using var part = entry.Open();
        using var xml = XmlReader.Create(part, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        });
        var chunk = new char[4096];
        int rows = 0, cells = 0;
        long cellChars = 0;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "row":
                    if (++rows > limits.MaxRows)
                        throw Refused($"工作表超过{limits.MaxRows}行", $"a sheet has more than {limits.MaxRows} rows");
                    cells = 0;
                    break;
                case XmlNodeType.Element when xml.LocalName == cell:
                    cellChars = 0;
                    if (cell == "c" && (++cells > limits.MaxColumns || ColumnOf(xml.GetAttribute("r"), limits.MaxColumns) > limits.MaxColumns))
                        throw TooWide(rows, limits);
                    break;
                case XmlNodeType.Element when xml.LocalName == "dimension":
                    var range = xml.GetAttribute("ref");
                    if (range is not null && ColumnOf(range[(range.IndexOf(':', StringComparison.Ordinal) + 1)..], limits.MaxColumns) > limits.MaxColumns)
                        throw TooWide(0, limits);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    int n;
                    while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                    {
                        cellChars += n;
                        if (cellChars > limits.MaxCellChars)
                            throw Refused($"{Where(entry, rows)}有超过{limits.MaxCellChars}个字符的单元格",
                                $"{WhereEn(entry, rows)} has a cell longer than {limits.MaxCellChars} characters");
                    }

                    break;
            }
        }
    }

    private static ImportFormatException TooWide(int row, SpreadsheetLimits limits) => Refused(
        row > 0 ? $"第{row}行超过{limits.MaxColumns}列" : $"工作表声明超过{limits.MaxColumns}列",
        row > 0 ? $"row {row} has more than {limits.MaxColumns} columns" : $"a sheet declares more than {limits.MaxColumns} columns");

    private static string Where(ZipArchiveEntry entry, int row) => row > 0 && entry.Name.StartsWith("sheet", StringComparison.OrdinalIgnoreCase) ? $"第{row}行" : "共享字符串中";

    private static string WhereEn(ZipArchiveEntry entry, int row) => row > 0 && entry.Name.StartsWith("sheet", StringComparison.OrdinalIgnoreCase)
        ? string.Create(CultureInfo.InvariantCulture, $"row {row}") : "the shared strings";

    /// <summary>The 1-based column of a cell reference such as <c>AB12</c>; anything above <paramref name="max"/> is max + 1.</summary>
    private static int ColumnOf(string? reference, int max)
    {
        if (reference is null)
            return 0;
        var column = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                column = (column * 26) + (char.ToUpperInvariant(ch) - 'A' + 1);
                if (column > max)
                    return max + 1;
            }
            else if (ch != '$')
            {
                break;
            }
        }

        return column;
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB");
}
