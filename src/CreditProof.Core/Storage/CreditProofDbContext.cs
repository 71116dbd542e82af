using CreditProof.Accounts;
using CreditProof.Audit;
using CreditProof.Calendar;
using CreditProof.Commitments;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Records;
using CreditProof.Regions;
using CreditProof.Repairs;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CreditProof.Storage;

public sealed class CreditProofDbContext(DbContextOptions<CreditProofDbContext> options) : DbContext(options)
{
    public DbSet<CreditDomain> Domains => Set<CreditDomain>();

    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<DataSourceUnit> Units => Set<DataSourceUnit>();

    public DbSet<Subject> Subjects => Set<Subject>();

    public DbSet<SubjectChange> SubjectChanges => Set<SubjectChange>();

    public DbSet<IdentityCheck> IdentityChecks => Set<IdentityCheck>();

    public DbSet<RegisterBatch> RegisterBatches => Set<RegisterBatch>();

    public DbSet<ViolationRecord> Records => Set<ViolationRecord>();

    public DbSet<RecordVersion> RecordVersions => Set<RecordVersion>();

    public DbSet<ImportBatch> Batches => Set<ImportBatch>();

    public DbSet<UnitApiKey> UnitApiKeys => Set<UnitApiKey>();

    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();

    public DbSet<AllowListedCode> AllowListedCodes => Set<AllowListedCode>();

    public DbSet<PublicityRule> PublicityRules => Set<PublicityRule>();

    public DbSet<Objection> Objections => Set<Objection>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<RepairApplication> RepairApplications => Set<RepairApplication>();

    public DbSet<CreditCommitment> Commitments => Set<CreditCommitment>();

    public DbSet<CommitmentTemplate> CommitmentTemplates => Set<CommitmentTemplate>();

    public DbSet<Ineligibility> Ineligibilities => Set<Ineligibility>();

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    public DbSet<IssuedReport> IssuedReports => Set<IssuedReport>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<Privacy.PersonalDataKey> PersonalDataKeys => Set<Privacy.PersonalDataKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditLink> AuditChain => Set<AuditLink>();

    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    public DbSet<AuditAlert> AuditAlerts => Set<AuditAlert>();

    public DbSet<Verification.ImportedKey> ImportedKeys => Set<Verification.ImportedKey>();

    public DbSet<Verification.ForeignStatusList> ForeignStatusLists => Set<Verification.ForeignStatusList>();

    public DbSet<Sharing.ShareGrant> ShareGrants => Set<Sharing.ShareGrant>();

    public DbSet<Sharing.ReportAccess> ReportAccessLog => Set<Sharing.ReportAccess>();

    public DbSet<ReportTemplateVersion> ReportTemplates => Set<ReportTemplateVersion>();

    public DbSet<Reports.Lifecycle.ReportChange> ReportChanges => Set<Reports.Lifecycle.ReportChange>();

    public DbSet<Statistics.DailyStat> DailyStats => Set<Statistics.DailyStat>();

    public DbSet<Statistics.StatDelta> StatDeltas => Set<Statistics.StatDelta>();

    public DbSet<RelyingParties.RelyingParty> RelyingParties => Set<RelyingParties.RelyingParty>();

    public DbSet<RelyingParties.RelyingPartyApiKey> RelyingPartyApiKeys => Set<RelyingParties.RelyingPartyApiKey>();

    public DbSet<RelyingParties.PartyVerification> PartyVerifications => Set<RelyingParties.PartyVerification>();

    public DbSet<RelyingParties.ReportRequirement> ReportRequirements => Set<RelyingParties.ReportRequirement>();

    public DbSet<RelyingParties.PartyGrant> PartyGrants => Set<RelyingParties.PartyGrant>();

    public DbSet<RelyingParties.ChangeNotice> ChangeNotices => Set<RelyingParties.ChangeNotice>();

    public DbSet<RelyingParties.WebhookDelivery> WebhookDeliveries => Set<RelyingParties.WebhookDelivery>();

    public DbSet<RelyingParties.WebhookAttempt> WebhookAttempts => Set<RelyingParties.WebhookAttempt>();

    public DbSet<RelyingParties.ExplanationRequest> ExplanationRequests => Set<RelyingParties.ExplanationRequest>();

    public DbSet<RelyingParties.GroupRequest> GroupRequests => Set<RelyingParties.GroupRequest>();

    public DbSet<RelyingParties.GroupMember> GroupMembers => Set<RelyingParties.GroupMember>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are UTC everywhere; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CreditProofDbContext).Assembly);
        if (Database.IsNpgsql())
            SubjectConfiguration.UseBinaryOrderOnPostgres(modelBuilder);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
