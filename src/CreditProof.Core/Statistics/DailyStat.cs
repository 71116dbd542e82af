using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CreditProof.Statistics;

/// <summary>
/// One maintained count (统计): how many times <see cref="Metric"/> happened on <see cref="Day"/> (the platform's
/// calendar day) for one combination of dimensions. Dimensions a metric does not have are 0 or empty. The dashboard and
/// the public statistics read only these rows, never the source tables, so they stay fast at province scale.
/// </summary>
public sealed class DailyStat
{
    public DateOnly Day { get; set; }

    public required string Metric { get; set; }

    /// <summary>The data source unit, or 0.</summary>
    public int UnitId { get; set; }

    /// <summary>The domain, or 0.</summary>
    public int DomainId { get; set; }

    /// <summary>The prefecture (地市) code of the subject, or empty.</summary>
    public string City { get; set; } = "";

    /// <summary>The metric's own dimension: a channel, a purpose, a delay bucket, on time or late; or empty.</summary>
    public string Key { get; set; } = "";

    public long Count { get; set; }
}

/// <summary>
/// A change to the counts, written in the transaction of the change it counts (<see cref="Oversight.StatsCapture"/>, and the bulk
/// importer for its records); <see cref="StatsFold"/> moves it into <see cref="DailyStat"/> and deletes it.
/// The day is not known yet: it follows from <see cref="At"/> in the platform's time zone when folded.
/// </summary>
public sealed class StatDelta
{
    public long Id { get; set; }

    public required string Metric { get; set; }

    public DateTime At { get; set; }

    public int UnitId { get; set; }

    public int DomainId { get; set; }

    public string City { get; set; } = "";

    public string Key { get; set; } = "";

    public long Count { get; set; } = 1;

    /// <summary>For a step with a deadline (objection, repair): when it started and its due date; the fold turns them into the key.</summary>
    public DateTime? Since { get; set; }

    public DateOnly? DueOn { get; set; }
}

internal sealed class DailyStatConfiguration : IEntityTypeConfiguration<DailyStat>
{
    public void Configure(EntityTypeBuilder<DailyStat> b)
    {
        b.ToTable("daily_stats");
        b.HasKey(s => new { s.Metric, s.Day, s.UnitId, s.DomainId, s.City, s.Key });
        // A unit's last day with a record: one seek per unit.
        b.HasIndex(s => new { s.Metric, s.UnitId, s.Day });
        b.Property(s => s.Metric).HasMaxLength(40);
        b.Property(s => s.City).HasMaxLength(6);
        b.Property(s => s.Key).HasMaxLength(100);
    }
}

internal sealed class StatDeltaConfiguration : IEntityTypeConfiguration<StatDelta>
{
    public void Configure(EntityTypeBuilder<StatDelta> b)
    {
        b.ToTable("stat_deltas");
        b.Property(s => s.Metric).HasMaxLength(40);
        b.Property(s => s.City).HasMaxLength(6);
        b.Property(s => s.Key).HasMaxLength(100);
    }
}
