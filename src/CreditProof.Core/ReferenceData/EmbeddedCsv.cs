namespace CreditProof.ReferenceData;

/// <summary>Reads the small reference tables shipped inside the assembly (public facts, UTF-8, header row, no quoting).</summary>
public static class EmbeddedCsv
{
    public static IReadOnlyList<string[]> Read(string fileName)
    {
        var resource = $"CreditProof.ReferenceData.{fileName}";
        using var stream = typeof(EmbeddedCsv).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Reference data '{resource}' is not embedded in {typeof(EmbeddedCsv).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var rows = new List<string[]>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            if (line.Contains('"', StringComparison.Ordinal))
                throw new InvalidDataException($"{fileName} line {lineNumber}: quoted fields are not supported in reference data.");
            rows.Add(line.Split(','));
        }

        return rows;
    }
}
