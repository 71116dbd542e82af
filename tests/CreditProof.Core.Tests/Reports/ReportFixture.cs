using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Reports;

/// <summary>A migrated test database with report services, a fixed clock, and an SM2 and a P-256 signing key.</summary>
public sealed class ReportFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 30, 0, TimeSpan.Zero);
    private static int _sequence;

    public TestDatabase Database { get; } = new();

    public FixedTime Time { get; } = new(Now);

    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Services = Build(Database.Settings, Time);
        await using var scope = Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<SigningKeyStore>();
        await keys.CreateAsync(SigningAlgorithm.Sm2, "test");
        await keys.CreateAsync(SigningAlgorithm.EcdsaP256, "test");
        // Every domain has a unit that has just delivered, so its data is complete (tests of incompleteness make their own).
        foreach (var domain in await DomainCodesAsync())
            await UnitAsync(domain);
    }

    private async Task<List<string>> DomainCodesAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Domains.AsNoTracking().OrderBy(d => d.SortOrder).Select(d => d.Code).ToListAsync();
    }

    /// <summary>A delivery of <paramref name="unit"/> (an empty 零报告 unless the batch says more) completed at <paramref name="at"/>.</summary>
    public async Task DeliverAsync(DataSourceUnit unit, DateTimeOffset at)
    {
        await using var db = Database.CreateContext();
        db.Batches.Add(new CreditProof.Ingest.ImportBatch
        {
            Id = Guid.CreateVersion7(at),
            UnitId = unit.Id,
            Channel = Channel.BatchFile,
            RecordType = RecordType.Penalty,
            Status = CreditProof.Ingest.BatchStatus.Completed,
            StartedAt = at.UtcDateTime,
            CompletedAt = at.UtcDateTime,
        });
        await db.SaveChangesAsync();
    }

    public static ServiceProvider Build(DatabaseSettings settings, TimeProvider time, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["CreditProof:KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["CreditProof:PublicBaseUrl"] = "https://credit.example.cn",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
            values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddLogging();
        services.AddCreditProofDatabase(settings);
        services.AddCreditProofCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async Task<IssuedReportResult> IssueAsync(ReportRequest request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(request);
    }

    public async Task<TrustList> TrustListAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().ExportPublicAsync();
    }

    /// <summary>Derives report statuses from the pending changes, as the web host's background round does.</summary>
    public Task<LifecycleRun> ApplyChangesAsync(CreditProofDbContext db) => Services.GetRequiredService<ReportLifecycle>().ApplyPendingAsync(db);

    public async Task<Subject> AddSubjectAsync(string name, bool naturalPerson = false)
    {
        var n = Interlocked.Increment(ref _sequence);
        var code = naturalPerson
            ? ResidentId.Compose("140105", new DateOnly(1980, 1, 1).AddDays(n), 10 + n)
            : CreditCode.Compose('9', '1', "140105", $"MA{n + Random.Shared.Next(100000, 999999):000000}");
        var subject = new Subject
        {
            Id = Guid.NewGuid(),
            Code = code,
            Name = name,
            Type = naturalPerson ? SubjectType.NaturalPerson : SubjectType.Enterprise,
            RegionCode = "140105",
            CreatedAt = Now.UtcDateTime,
        };
        if (naturalPerson)
            Services.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().Protect(subject, code);
        await using var db = Database.CreateContext();
        db.Subjects.Add(subject);
        await db.SaveChangesAsync();
        return subject;
    }

    /// <summary>A natural person's ID number, decrypted (the subject row holds only its blind index and ciphertext).</summary>
    public string IdNumberOf(Subject person) => Services.GetRequiredService<CreditProof.Privacy.PersonalDataKeys>().Decrypt(person.IdNumberCiphertext!);

    public async Task<DataSourceUnit> UnitAsync(string domainCode)
    {
        await using var db = Database.CreateContext();
        var domain = await db.Domains.SingleAsync(d => d.Code == domainCode);
        var existing = await db.Units.FirstOrDefaultAsync(u => u.DomainId == domain.Id);
        if (existing is not null)
            return existing;
        var unit = new DataSourceUnit
        {
            CreditCode = CreditCode.Compose('1', '1', "140000", $"{domain.Id:00}000{domain.Id:000}"),
            Name = $"山西省{domain.NameZh}厅",
            DomainId = domain.Id,
            Level = AdministrativeLevel.Province,
            RegionCode = "140000",
            CreatedAt = Now.UtcDateTime,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        await DeliverAsync(unit, Now.AddHours(-1));
        return unit;
    }

    public async Task<CreditDomain> DomainAsync(string code)
    {
        await using var db = Database.CreateContext();
        return await db.Domains.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    public async Task<T> AddRecordAsync<T>(Subject subject, string domainCode, string documentNumber, DateOnly decided, Action<T>? configure = null)
        where T : ViolationRecord
    {
        var unit = await UnitAsync(domainCode);
        var record = (T)(ViolationRecord)(typeof(T).Name switch
        {
            nameof(PenaltyRecord) => new PenaltyRecord { SubjectName = subject.Name, DocumentNumber = documentNumber, Facts = "未按规定公示年度报告", FineFen = 5_000_000, Category = "罚款" },
            nameof(EnforcementRecord) => new EnforcementRecord { SubjectName = subject.Name, DocumentNumber = documentNumber, Category = "查封场所设施或者财物" },
            nameof(DishonestyListing) => new DishonestyListing { SubjectName = subject.Name, DocumentNumber = documentNumber, ListName = "失信被执行人" },
            nameof(CriminalJudgment) => new CriminalJudgment { SubjectName = subject.Name, DocumentNumber = documentNumber, Category = "单位行贿罪" },
            _ => throw new ArgumentException(typeof(T).Name),
        });
        record.Id = Guid.NewGuid();
        record.SubjectId = subject.Id;
        record.UnitId = unit.Id;
        record.DomainId = unit.DomainId;
        record.DecisionDate = decided;
        record.AuthorityName = unit.Name;
        record.AuthorityCode = unit.CreditCode;
        record.Channel = Channel.Demo;
        record.ReceivedAt = Now.UtcDateTime.AddDays(-1);
        record.UpdatedAt = Now.UtcDateTime.AddDays(-1);
        configure?.Invoke(record);
        await using var db = Database.CreateContext();
        db.Records.Add(record);
        await db.SaveChangesAsync();
        return record;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Current { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Current;
}
