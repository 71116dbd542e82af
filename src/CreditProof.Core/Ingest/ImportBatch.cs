using CreditProof.Records;

namespace CreditProof.Ingest;

/// <summary>One import from a unit: a file or an API request. Counts say what happened to every row read.</summary>
public sealed class ImportBatch
{
    public Guid Id { get; set; }

    public int? UnitId { get; set; }

    public Channel Channel { get; set; }

    public RecordType? RecordType { get; set; }

    public string? FileName { get; set; }

    /// <summary>SHA-256 of the file or request body, hex.</summary>
    public string? Sha256 { get; set; }

    public BatchStatus Status { get; set; }

    public bool Atomic { get; set; }

    public int RowsRead { get; set; }

    public int Accepted { get; set; }

    public int Unchanged { get; set; }

    public int Updated { get; set; }

    public int Rejected { get; set; }

    public int OutOfScope { get; set; }

    public string? ErrorReportPath { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

public enum BatchStatus
{
    Running = 1,
    Completed = 2,
    CompletedWithRejections = 3,
    Failed = 4,
}
