using CreditProof.Calendar;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Records;
using CreditProof.Regions;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CreditProof.Storage;

public sealed class CreditProofDbContext(DbContextOptions<CreditProofDbContext> options) : DbContext(options)
{
    public DbSet<CreditDomain> Domains => Set<CreditDomain>();

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<DataSourceUnit> Units => Set<DataSourceUnit>();

    public DbSet<Subject> Subjects => Set<Subject>();

    public DbSet<ViolationRecord> Records => Set<ViolationRecord>();

    public DbSet<RecordVersion> RecordVersions => Set<RecordVersion>();

    public DbSet<ImportBatch> Batches => Set<ImportBatch>();

    public DbSet<UnitApiKey> UnitApiKeys => Set<UnitApiKey>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<AllowListedCode> AllowListedCodes => Set<AllowListedCode>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are UTC everywhere; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CreditProofDbContext).Assembly);

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
