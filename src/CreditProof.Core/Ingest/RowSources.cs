using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ExcelDataReader;
using nietras.SeparatedValues;

namespace CreditProof.Ingest;

/// <summary>One data row as read: its row number in the source (line, sheet row or array index), the column names and values.</summary>
/// <param name="InexactNumbers">
/// Columns whose cell the file stores as a number too large for its digits to survive (a spreadsheet's numeric cell of
/// 2^53 or more: an 18-digit ID number or credit code typed as a number): the value is the number as read, and the
/// validators refuse it rather than file the record under whatever the rounded digits say (<see cref="LostDigits"/>).
/// </param>
public sealed record RawRow(int Number, IReadOnlyList<string> Headers, string?[] Values, IReadOnlyList<int>? InexactNumbers = null)
{
    public bool IsInexact(int column) => InexactNumbers?.Contains(column) == true;

    /// <summary>The row error for such a cell, in the file's own column name.</summary>
    public RowError LostDigits(int column) => new(Number, Headers[column], Identifiers.ResidentId.MaskAll(Values[column] ?? ""), "number_lost_digits",
        $"“{Headers[column]}”列的单元格是数字格式，数字只保留15至16位有效数字，该值的末几位可能已丢失；请将该列设为文本格式后重新导出",
        $"the cell in column '{Headers[column]}' is stored as a number, which keeps only 15 to 16 significant digits, so its last digits may be lost; format the column as text and export the file again");
}

/// <summary>A file or request body read row by row, never whole.</summary>
public interface IRowSource : IAsyncDisposable
{
    /// <summary>How far through the input the reader is, 0–1 (for a progress bar); null when unknown.</summary>
    double? Progress { get; }

    IAsyncEnumerable<RawRow> ReadAsync(CancellationToken ct);
}

/// <summary>The format or layout of the input is unusable as a whole (no header row, unknown type, broken JSON).</summary>
public sealed class ImportFormatException(string messageZh, string messageEn) : Exception($"{messageEn} ({messageZh})")
{
    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}

public enum SourceFormat
{
    Csv,
    Xlsx,
    Json,
}

public static class RowSources
{
    /// <summary>How many rows above the header may hold titles and explanations.</summary>
    public const int MaxRowsBeforeHeader = 30;

    static RowSources() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SourceFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" or ".txt" => SourceFormat.Csv,
        ".xlsx" or ".xls" => SourceFormat.Xlsx,
        ".json" or ".ndjson" or ".jsonl" => SourceFormat.Json,
        var other => throw new ImportFormatException($"不支持的文件类型“{other}”，请使用 CSV、XLSX 或 JSON", $"unsupported file type '{other}'; use CSV, XLSX or JSON"),
    };

    /// <summary>
    /// Opens a file for reading. <paramref name="encoding"/> applies to CSV; null detects UTF-8 (with or without BOM) or
    /// GB18030. <paramref name="header"/> recognises the header row (default: a record layout's).
    /// </summary>
    public static IRowSource Open(string path, string? encoding = null, string? sheet = null, HeaderRule? header = null)
    {
        header ??= RecordHeader;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return FormatOf(path) switch
            {
                SourceFormat.Csv => new CsvRowSource(stream, encoding is null ? DetectEncoding(stream) : GetEncoding(encoding), header),
                SourceFormat.Xlsx => new XlsxRowSource(stream, sheet, header),
                SourceFormat.Json => new JsonRowSource(stream),
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static Encoding GetEncoding(string name) => name.Trim().ToLowerInvariant() switch
    {
        "utf-8" or "utf8" or "utf-8-bom" => new UTF8Encoding(false),
        // GBK and GB2312 are subsets of GB18030: decoding as GB18030 reads all three.
        "gb18030" or "gbk" or "gb2312" or "cp936" => Encoding.GetEncoding("GB18030"),
        var other => Encoding.GetEncoding(other),
    };

    /// <summary>UTF-8 when the file has a UTF-8 BOM or its first 64 KB decode as strict UTF-8; GB18030 otherwise.</summary>
    public static Encoding DetectEncoding(Stream stream)
    {
        var start = stream.Position;
        var buffer = new byte[1 << 16];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var bytes = buffer.AsSpan(0, read);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return new UTF8Encoding(false);
        // A full buffer may end inside a multi-byte character: ignore up to three trailing bytes of it.
        if (read == buffer.Length)
        {
            var cut = bytes.Length;
            while (cut > bytes.Length - 4 && (bytes[cut - 1] & 0xC0) == 0x80)
                cut--;
            if (cut > 0 && bytes[cut - 1] >= 0xC0)
                cut--;
            bytes = bytes[..cut];
        }

        return System.Text.Unicode.Utf8.IsValid(bytes) ? new UTF8Encoding(false) : Encoding.GetEncoding("GB18030");
    }

    /// <summary>The header of a record file: the first row, among the first few, that names at least three known columns of one type.</summary>
    public static readonly HeaderRule RecordHeader = new(
        cells => RecordLayout.All.Any(layout => cells.Select(layout.Resolve).OfType<FieldSpec>().Select(s => s.Field).Distinct().Count() >= 3),
        "CF_WSH、行政处罚决定书文号", "CF_WSH or 行政处罚决定书文号");

    /// <summary>A cell longer than any field allows (Excel's 32,767 characters): the file is refused, not read into memory row after row.</summary>
    internal static ImportFormatException RecordTooLong(int record) => new(
        $"第{record}条记录超过{SpreadsheetLimits.Default.MaxRecordChars}个字符，文件可能已损坏（例如括号或引号未闭合）",
        $"record {record} is longer than {SpreadsheetLimits.Default.MaxRecordChars} characters; the file may be damaged (an unclosed bracket or quote?)");

    internal static ImportFormatException CellTooLong(int row) => new(
        $"第{row}行有超过{SpreadsheetLimits.Default.MaxCellChars}个字符的单元格，文件可能已损坏（例如引号未闭合）",
        $"row {row} has a cell longer than {SpreadsheetLimits.Default.MaxCellChars} characters; the file may be damaged (an unclosed quote?)");

    internal static ImportFormatException NoHeader(HeaderRule rule) => new(
        $"前{MaxRowsBeforeHeader}行中没有找到表头（至少3个可识别的列名，例如 {rule.ExampleZh}）",
        $"no header row found in the first {MaxRowsBeforeHeader} rows (at least 3 known column names, e.g. {rule.ExampleEn})");
}

/// <summary>How a file's header row is recognised, with example column names for the message when none is found.</summary>
public sealed record HeaderRule(Func<IReadOnlyList<string>, bool> IsHeader, string ExampleZh, string ExampleEn);

/// <summary>Finds the header row of a sheet or CSV file: title and explanation rows above it are skipped.</summary>
internal sealed class HeaderFinder(HeaderRule rule)
{
    private int _rowsSeen;

    public string[]? Headers { get; private set; }

    /// <summary>True for a data row; false for the header itself and the rows above it.</summary>
    public bool IsData(string?[] values)
    {
        if (Headers is not null)
            return true;
        // A byte-order mark the decoder kept (GB18030's is 84 31 95 33, decoded as U+FEFF) is no part of a column name.
        var cells = values.Select(v => (v ?? "").TrimStart('\uFEFF').Trim()).ToArray();
        if (rule.IsHeader(cells))
            Headers = cells;
        else if (++_rowsSeen >= RowSources.MaxRowsBeforeHeader)
            throw RowSources.NoHeader(rule);
        return false;
    }

    public void EnsureFound()
    {
        if (Headers is null)
            throw RowSources.NoHeader(rule);
    }
}

/// <summary>CSV through Sep: quoted fields, embedded separators and line breaks; explanation rows above the header are skipped.</summary>
internal sealed class CsvRowSource(Stream stream, Encoding encoding, HeaderRule headerRule) : IRowSource
{
    public double? Progress => stream.Length == 0 ? null : (double)stream.Position / stream.Length;

    public async IAsyncEnumerable<RawRow> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        var header = new HeaderFinder(headerRule);
        foreach (var row in reader)
        {
            ct.ThrowIfCancellationRequested();
            var values = new string?[row.ColCount];
            var blank = true;
            for (var i = 0; i < values.Length; i++)
            {
                var span = row[i].Span.Trim();
                if (span.Length > SpreadsheetLimits.Default.MaxCellChars)
                    throw RowSources.CellTooLong(row.LineNumberFrom);
                if (span.Length > 0)
                {
                    values[i] = span.ToString();
                    blank = false;
                }
            }

            if (!blank && header.IsData(values))
                yield return new RawRow(row.LineNumberFrom, header.Headers!, values);
        }

        header.EnsureFound();
        await Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}

/// <summary>
/// XLSX (and XLS) through ExcelDataReader, which streams the sheet; the first sheet unless one is named. The package is
/// checked against <see cref="SpreadsheetLimits"/> first, and whatever the reader throws on a damaged file is a format
/// error of the file, never an unhandled exception.
/// </summary>
internal sealed class XlsxRowSource(Stream stream, string? sheet, HeaderRule headerRule, SpreadsheetLimits? limits = null) : IRowSource
{
    private readonly SpreadsheetLimits _limits = limits ?? SpreadsheetLimits.Default;

    public double? Progress => null;

    public async IAsyncEnumerable<RawRow> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = Guarded(Open);
        var header = new HeaderFinder(headerRule);
        var rowNumber = 0;
        while (Guarded(reader.Read))
        {
            ct.ThrowIfCancellationRequested();
            if (++rowNumber > _limits.MaxRows)
                throw XlsxGuard.Refused($"工作表超过{_limits.MaxRows}行", $"a sheet has more than {_limits.MaxRows} rows");
            if (reader.FieldCount > _limits.MaxColumns)
                throw XlsxGuard.Refused($"第{rowNumber}行超过{_limits.MaxColumns}列", $"row {rowNumber} has more than {_limits.MaxColumns} columns");
            var values = new string?[reader.FieldCount];
            List<int>? inexact = null;
            var blank = true;
            for (var i = 0; i < values.Length; i++)
            {
                var cell = Guarded(() => reader.GetValue(i));
                if (cell is double big && Math.Abs(big) >= MaxExactInteger)
                    (inexact ??= []).Add(i);
                values[i] = CellText(cell);
                if (values[i]?.Length > _limits.MaxCellChars)
                    throw XlsxGuard.Refused($"第{rowNumber}行有超过{_limits.MaxCellChars}个字符的单元格", $"row {rowNumber} has a cell longer than {_limits.MaxCellChars} characters");
                blank &= values[i] is null;
            }

            if (!blank && header.IsData(values))
                yield return new RawRow(rowNumber, header.Headers!, values, inexact);
        }

        header.EnsureFound();
        await Task.CompletedTask;
    }

    private IExcelDataReader Open()
    {
        if (XlsxGuard.IsZip(stream))
            XlsxGuard.Check(stream, _limits);
        var reader = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
        if (sheet is not null)
        {
            while (!string.Equals(reader.Name, sheet, StringComparison.Ordinal))
            {
                if (!reader.NextResult())
                {
                    reader.Dispose();
                    throw new ImportFormatException($"工作簿中没有名为“{sheet}”的工作表", $"the workbook has no sheet named '{sheet}'");
                }
            }
        }

        return reader;
    }

    /// <summary>ExcelDataReader's own exceptions (header, zip, XML, invalid cast, index out of range on a damaged sheet) become a format error.</summary>
    private static T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (ImportFormatException or OperationCanceledException or OutOfMemoryException))
        {
            throw XlsxGuard.Unreadable(e);
        }
    }

    /// <summary>2^53: from here on a double no longer holds every integer, so the digits of a longer number are guesses.</summary>
    private const double MaxExactInteger = 9_007_199_254_740_992d;

    private static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s.Trim() is { Length: > 0 } t ? t : null,
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        // An integer below 2^53 is exact: all its digits, never the 15 significant digits of a decimal conversion.
        double d when Math.Abs(d) < MaxExactInteger && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= MaxExactInteger => d.ToString("R", CultureInfo.InvariantCulture),
        double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}

/// <summary>JSON: an array of objects, or one object per line (NDJSON). Property names are the column names.</summary>
public sealed class JsonRowSource(Stream stream) : IRowSource
{
    public double? Progress => stream.CanSeek && stream.Length > 0 ? (double)stream.Position / stream.Length : null;

    public async IAsyncEnumerable<RawRow> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var first = text.Peek();
        while (first >= 0 && char.IsWhiteSpace((char)first))
        {
            text.Read();
            first = text.Peek();
        }

        if (first == '[')
        {
            var number = 0;
            // The array is read element by element, not as a whole, and no element may grow past the record limit.
            var source = new TextStream(text, () => number + 1);
            await using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(source, cancellationToken: ct).GetAsyncEnumerator(ct);
            while (await NextAsync(elements, number + 1))
            {
                source.RecordEnded();
                yield return ToRow(++number, elements.Current);
            }

            yield break;
        }

        var lines = new BoundedLines(text, SpreadsheetLimits.Default.MaxRecordChars);
        while (await lines.NextAsync(ct) is { } json)
        {
            var line = lines.Number;
            if (string.IsNullOrWhiteSpace(json))
                continue;
            JsonElement element;
            try
            {
                element = JsonSerializer.Deserialize<JsonElement>(json);
            }
            catch (JsonException e)
            {
                throw new ImportFormatException($"第{line}行不是有效的JSON：{e.Message}", $"line {line} is not valid JSON: {e.Message}");
            }

            yield return ToRow(line, element);
        }
    }

    private static async Task<bool> NextAsync(IAsyncEnumerator<JsonElement> elements, int number)
    {
        try
        {
            return await elements.MoveNextAsync();
        }
        catch (JsonException e)
        {
            // The rows before stay read; the batch then fails as a whole, as for a broken NDJSON line.
            throw new ImportFormatException($"第{number}条记录处JSON格式错误：{e.Message}", $"invalid JSON at record {number}: {e.Message}");
        }
    }

    /// <summary>One JSON object as a row: strings as they are, numbers in their written form, nested values as JSON.</summary>
    public static RawRow ToRow(int number, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException($"第{number}条记录不是JSON对象", $"record {number} is not a JSON object");
        var headers = new List<string>();
        var values = new List<string?>();
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                headers.Add(property.Name);
                values.Add(property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() is { } s && s.Trim() is { Length: > 0 } t ? t : null,
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    JsonValueKind.Object or JsonValueKind.Array => property.Value.GetRawText(),
                    _ => property.Value.GetRawText(),
                });
            }
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate (\ud800) is valid JSON but no text: refused as a format error (400, exit 1), never an unhandled exception.
            throw new ImportFormatException($"第{number}条记录含有无效的文本（孤立的代理项，如\\ud800）", $"record {number} holds invalid text (a lone surrogate such as \\ud800)");
        }

        if (values.Any(v => v?.Length > SpreadsheetLimits.Default.MaxCellChars))
            throw RowSources.CellTooLong(number);
        return new RawRow(number, headers, [.. values]);
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();

    /// <summary>
    /// NDJSON lines of at most <c>max</c> characters: a longer one refuses the file before it is held, where
    /// <see cref="TextReader.ReadLineAsync()"/> would buffer it whole.
    /// </summary>
    private sealed class BoundedLines(TextReader reader, int max)
    {
        private readonly char[] _buffer = new char[1 << 16];
        private readonly StringBuilder _line = new();
        private int _offset;
        private int _count;

        /// <summary>The line last returned, from 1.</summary>
        public int Number { get; private set; }

        public async ValueTask<string?> NextAsync(CancellationToken ct)
        {
            _line.Clear();
            Number++;
            while (true)
            {
                if (_offset == _count)
                {
                    _count = await reader.ReadAsync(_buffer.AsMemory(), ct);
                    _offset = 0;
                    if (_count == 0)
                        return _line.Length > 0 ? Line() : null;
                }

                var rest = _buffer.AsSpan(_offset, _count - _offset);
                var end = rest.IndexOf('\n');
                var take = end < 0 ? rest : rest[..end];
                if (_line.Length + take.Length > max)
                    throw RowSources.RecordTooLong(Number);
                _line.Append(take);
                _offset += end < 0 ? take.Length : end + 1;
                if (end >= 0)
                    return Line();
            }
        }

        private string Line() => _line.Length > 0 && _line[^1] == '\r' ? _line.ToString(0, _line.Length - 1) : _line.ToString();
    }

    /// <summary>
    /// Re-encodes what is left of the reader (the first character was only peeked) as UTF-8 for the serializer, and
    /// refuses the file when one element has taken more than the record limit (plus one read-ahead buffer) to arrive.
    /// </summary>
    private sealed class TextStream(TextReader reader, Func<int> currentRecord) : Stream
    {
        private readonly char[] _chars = new char[4096];
        private readonly byte[] _bytes = new byte[(4096 * 3) + 8];
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private readonly long _maxChars = SpreadsheetLimits.Default.MaxRecordChars + (1L << 16);
        private long _sinceRecord;
        private int _offset;
        private int _count;

        public void RecordEnded() => _sinceRecord = 0;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_offset == _count)
            {
                var chars = reader.Read(_chars, 0, _chars.Length);
                _sinceRecord += chars;
                if (_sinceRecord > _maxChars)
                    throw RowSources.RecordTooLong(currentRecord());
                // Stateful encoder: a surrogate pair split between two reads is still encoded as one character.
                _count = _encoder.GetBytes(_chars, 0, chars, _bytes, 0, flush: chars == 0);
                _offset = 0;
                if (chars == 0 && _count == 0)
                    return 0;
            }

            var n = Math.Min(count, _count - _offset);
            Buffer.BlockCopy(_bytes, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Rows already parsed from a JSON request body (the API reads and counts them before importing).</summary>
public sealed class JsonElementRowSource(IReadOnlyList<JsonElement> elements) : IRowSource
{
    public double? Progress => null;

    public async IAsyncEnumerable<RawRow> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            yield return JsonRowSource.ToRow(i + 1, elements[i]);
        }

        await Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
