namespace CreditProof.Platform;

/// <summary>
/// Writes CSV that people open in Excel or WPS: RFC 4180 quoting, and every cell a spreadsheet would run as a formula
/// (one starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) neutralised the OWASP way — a
/// single quote in front and the field quoted — so that <c>=HYPERLINK(…)</c> or <c>+cmd|…</c> shows as text.
/// Every CSV the platform writes for people goes through this one writer.
/// </summary>
public sealed class SpreadsheetCsv(TextWriter writer) : IDisposable
{
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>The text a spreadsheet shows as it is: <paramref name="cell"/> with a leading <c>'</c> when it could start a formula.</summary>
    public static string Neutralise(string cell) =>
        cell.Length > 0 && FormulaStarts.Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell;

    public void WriteRow(params ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                writer.Write(',');
            WriteCell(cells[i] ?? "");
        }

        writer.Write("\r\n");
    }

    private void WriteCell(string cell)
    {
        var safe = Neutralise(cell);
        if (!ReferenceEquals(safe, cell) || safe.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            writer.Write('"');
            writer.Write(safe.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
        else
        {
            writer.Write(safe);
        }
    }

    public void Dispose() => writer.Dispose();
}
