namespace CreditProof.Ingest;

/// <summary>Bound from the <c>Ingest</c> configuration section; the defaults are Shanxi's. The collection start is <see cref="Platform.PlatformOptions.CollectionStart"/>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>National rule: penalty decisions are published within 7 working days; later receipts are flagged.</summary>
    public int LateAfterWorkingDays { get; set; } = 7;

    /// <summary>
    /// A unit that has delivered nothing (no file, no API request, no empty 零报告) for more than this many working days
    /// makes its domain's data incomplete: reports then draw no conclusion for the domain (<see cref="DataCompleteness"/>).
    /// </summary>
    public int CompleteWithinWorkingDays { get; set; } = 20;

    /// <summary>Rows per chunk written to the database.</summary>
    public int ChunkSize { get; set; } = 2000;

    /// <summary>
    /// Identities a batch keeps in memory for its duplicate check (about 30 bytes each); a larger batch moves them to a
    /// temporary database, so memory stays bounded whatever the file size.
    /// </summary>
    public int DuplicateCheckInMemoryRows { get; set; } = BatchIdentities.DefaultInMemoryLimit;

    /// <summary>Most rows one API request may carry; more gets 413.</summary>
    public int ApiRowLimit { get; set; } = 1000;
}
