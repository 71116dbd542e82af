using System.Globalization;
using System.Text;
using System.Text.Json;
using CreditProof.Platform;

namespace CreditProof.Ingest;

/// <summary>
/// The rejected and out-of-scope rows of a batch, written beside the batch file as CSV (UTF-8 with BOM, so that Excel
/// shows the Chinese; cells that could start a formula neutralised by <see cref="SpreadsheetCsv"/>) and JSON, streamed: a file with a million bad rows costs no memory.
/// </summary>
public sealed class ErrorReport : IDisposable
{
    private readonly string _source;
    private readonly SpreadsheetCsv _csv;
    private readonly FileStream _jsonFile;
    private readonly Utf8JsonWriter _json;

    private ErrorReport(string basePath, string source, Guid batchId)
    {
        _source = source;
        CsvPath = basePath + ".errors.csv";
        JsonPath = basePath + ".errors.json";
        // CreateNew: a report never replaces another batch's.
        _csv = new SpreadsheetCsv(new StreamWriter(new FileStream(CsvPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read), new UTF8Encoding(true)));
        _csv.WriteRow("file", "row", "column", "value", "rule", "kind", "message_zh", "message_en");
        _jsonFile = new FileStream(JsonPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        _json = new Utf8JsonWriter(_jsonFile, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartObject();
        _json.WriteString("batchId", batchId);
        _json.WriteString("file", source);
        _json.WriteStartArray("rows");
    }

    public string CsvPath { get; }

    public string JsonPath { get; }

    /// <summary>
    /// The report for a file goes beside it: <c>penalties.csv</c> → <c>penalties.0193a1b2c3d4e5f6….errors.csv</c> and
    /// <c>.errors.json</c>, named by the whole batch id. (Its first 8 hex digits were used once: batch ids are
    /// time-ordered (UUIDv7), so two batches within a minute shared them and the second report overwrote the first.)
    /// </summary>
    public static ErrorReport Beside(string file, Guid batchId)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var basePath = Path.Combine(directory, Path.GetFileNameWithoutExtension(file) + "." + batchId.ToString("N"));
        return new ErrorReport(basePath, Path.GetFileName(file), batchId);
    }

    public void Write(RowError error, bool outOfScope)
    {
        _csv.WriteRow(_source, error.Row.ToString(CultureInfo.InvariantCulture), error.Column, error.Value, error.Rule,
            outOfScope ? "out_of_scope" : "rejected", error.MessageZh, error.MessageEn);

        _json.WriteStartObject();
        _json.WriteNumber("row", error.Row);
        _json.WriteString("column", error.Column);
        _json.WriteString("value", error.Value);
        _json.WriteString("rule", error.Rule);
        _json.WriteString("kind", outOfScope ? "out_of_scope" : "rejected");
        _json.WriteString("messageZh", error.MessageZh);
        _json.WriteString("messageEn", error.MessageEn);
        _json.WriteEndObject();
        if (_json.BytesPending > 1 << 16)
            _json.Flush();
    }

    public void Dispose()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Dispose();
        _jsonFile.Dispose();
        _csv.Dispose();
    }
}
