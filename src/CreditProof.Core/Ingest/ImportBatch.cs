using CreditProof.Platform;
using CreditProof.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

    /// <summary>Accepted rows received more than 7 working days after the decision (national publication rule).</summary>
    public int Late { get; set; }

    /// <summary>Why a batch failed (atomic mode with rejected rows, or an error), in Chinese and English.</summary>
    public string? Message { get; set; }

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

internal sealed class ImportBatchMessageConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b) =>
        b.Property(x => x.Message).HasMaxLength(2000);
}
