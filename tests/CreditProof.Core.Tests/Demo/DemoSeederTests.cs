using CreditProof.Demo;
using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Demo;

[Trait("Category", "Database")]
public sealed class DemoSeederTests : IClassFixture<DemoSeederTests.SeededDatabase>
{
    private static readonly TimeProvider Time = new FixedTime(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
    private readonly SeededDatabase _database;

    public DemoSeederTests(SeededDatabase database) => _database = database;

    [Fact]
    public async Task Every_domain_has_a_province_unit_and_one_in_each_of_the_eleven_cities()
    {
        await using var db = _database.CreateContext();
        Assert.Equal(40 * 12, await db.Units.CountAsync());
        var perDomain = await db.Units.GroupBy(u => u.DomainId).Select(g => g.Count()).Distinct().ToListAsync();
        Assert.Equal([12], perDomain);
        Assert.True(await db.Units.AllAsync(u => u.RegionCode.StartsWith("14")));
        Assert.Contains("太原市市场监督管理局", await db.Units.Select(u => u.Name).ToListAsync());
    }

    [Fact]
    public async Task Subjects_have_valid_codes_in_shanxi_regions_and_every_type()
    {
        await using var db = _database.CreateContext();
        var subjects = await db.Subjects.AsNoTracking().ToListAsync();
        Assert.Equal(SeededDatabase.SubjectCount, subjects.Count);
        var validator = SubjectCodeValidator.Strict(Time);
        foreach (var s in subjects)
        {
            // A natural person is stored under its blind index; its number, decrypted, is a valid one of Shanxi.
            var code = s.IsNaturalPerson ? _database.Keys.Decrypt(s.IdNumberCiphertext!) : s.Code;
            if (s.IsNaturalPerson)
                Assert.Equal(CreditProof.Identifiers.ResidentId.Mask(code), s.MaskedCode);
            var check = validator.Check(code);
            Assert.True(check.IsValid, $"{s.DisplayCode}: {check.Check.Problem}");
            Assert.Equal(s.Type, check.Type);
            Assert.StartsWith("14", s.RegionCode, StringComparison.Ordinal);
        }

        Assert.Contains(subjects, s => s.Type == SubjectType.Enterprise);
        Assert.Contains(subjects, s => s.Type == SubjectType.IndividualBusiness);
        Assert.Contains(subjects, s => s.Type == SubjectType.FarmerCooperative);
        Assert.Contains(subjects, s => s.Type == SubjectType.NaturalPerson);
        Assert.Contains(subjects, s => s.Type == SubjectType.SocialOrganisation);
    }

    [Fact]
    public async Task Records_cover_all_four_types_and_the_realistic_cases()
    {
        await using var db = _database.CreateContext();
        var records = await db.Records.AsNoTracking().ToListAsync();
        Assert.All(Enum.GetValues<RecordType>(), t => Assert.Contains(records, r => r.Type == t));
        Assert.Contains(records, r => r.Status == LegalStatus.NotPenalised);
        Assert.Contains(records, r => r.RepairStatus == RepairStatus.Repaired && r.RepairedOn is not null);
        Assert.Contains(records, r => r.DecisionDate < new DateOnly(2022, 8, 1));
        Assert.Contains(records, r => r is PenaltyRecord { FineFen: > 0 });
        Assert.Contains(records, r => r is DishonestyListing { ListName: "失信被执行人" });

        var withRecords = records.Select(r => r.SubjectId).Distinct().Count();
        Assert.InRange(withRecords, SeededDatabase.SubjectCount / 12, SeededDatabase.SubjectCount / 4);
        Assert.Contains(records.GroupBy(r => r.SubjectId), g => g.Count() >= 3);
    }

    [Fact]
    public async Task Bulk_written_records_read_back_through_the_context_with_their_first_version()
    {
        await using var db = _database.CreateContext();
        var penalty = await db.Records.OfType<PenaltyRecord>().Include(r => r.Versions).Include(r => r.Subject).Include(r => r.Unit)
            .FirstAsync(r => r.FineFen != null);
        Assert.Equal(DateTimeKind.Utc, penalty.ReceivedAt.Kind);
        Assert.Equal(penalty.Unit.DomainId, penalty.DomainId);
        var version = Assert.Single(penalty.Versions);
        Assert.Equal(RecordSnapshot.ToJson(RecordSnapshot.Capture(penalty)), version.SnapshotJson);
        Assert.Equal(penalty.SubjectName, penalty.Subject.Name);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data()
    {
        var again = new TestDatabase();
        await again.InitializeAsync();
        try
        {
            await using (var db = again.CreateContext())
                await new DemoSeeder(db, new PlatformClock(Time), again.Keys).SeedAsync(new DemoSeedOptions(SeededDatabase.SubjectCount, SeededDatabase.Seed, ChunkSize: 97));
            await using var first = _database.CreateContext();
            await using var second = again.CreateContext();
            // A natural person's code is the blind index under each database's own key: compare the masked number.
            var a = await first.Subjects.Select(s => (s.Type == CreditProof.Identifiers.SubjectType.NaturalPerson ? s.MaskedCode : s.Code) + s.Name + s.Id).ToListAsync();
            var b = await second.Subjects.Select(s => (s.Type == CreditProof.Identifiers.SubjectType.NaturalPerson ? s.MaskedCode : s.Code) + s.Name + s.Id).ToListAsync();
            a.Sort(StringComparer.Ordinal);
            b.Sort(StringComparer.Ordinal);
            Assert.Equal(a, b);
            Assert.Equal(await first.Records.CountAsync(), await second.Records.CountAsync());
        }
        finally
        {
            await again.DisposeAsync();
        }
    }

    [Fact]
    public async Task Seeding_a_database_that_has_subjects_is_refused()
    {
        await using var db = _database.CreateContext();
        var error = await Assert.ThrowsAsync<DemoDataExistsException>(() => new DemoSeeder(db, new PlatformClock(Time), _database.Keys).SeedAsync(new DemoSeedOptions(10)));
        Assert.Equal(SeededDatabase.SubjectCount, error.Subjects);
    }

    public sealed class SeededDatabase : IAsyncLifetime
    {
        public const int SubjectCount = 1500;
        public const int Seed = 42;
        private readonly TestDatabase _database = new();

        public CreditProofDbContext CreateContext() => _database.CreateContext();

        public CreditProof.Privacy.PersonalDataKeys Keys => _database.Keys;

        public async Task InitializeAsync()
        {
            await _database.InitializeAsync();
            await using var db = _database.CreateContext();
            var result = await new DemoSeeder(db, new PlatformClock(Time), _database.Keys).SeedAsync(new DemoSeedOptions(SubjectCount, Seed, ChunkSize: 400));
            Assert.Equal(SubjectCount, result.Subjects);
        }

        public Task DisposeAsync() => _database.DisposeAsync();
    }
}
