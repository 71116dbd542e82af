using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using CreditProof.Calendar;
using CreditProof.Domains;
using CreditProof.Identifiers;
using CreditProof.Ingest;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Regions;
using CreditProof.Repairs;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Demo;

/// <param name="Records">How many records subjects have; null: the demo's small mix (about 0.32 per subject, decisions since 2021-09-01).</param>
public sealed record DemoSeedOptions(int Subjects = 2_000, int Seed = 20250716, int ChunkSize = 10_000, DemoRecordMix? Records = null);

/// <summary>
/// A skewed record mix for scale runs (issue 19): a share of subjects has records at all, and among them the count is
/// log-normal (median small, a long tail of subjects with hundreds), capped, with the mean chosen so that the province's
/// total comes out as asked. Decisions fall between <see cref="EarliestDecision"/> and today.
/// </summary>
public sealed record DemoRecordMix(double MeanPerSubject, DateOnly EarliestDecision, double WithRecordsShare = 0.3, double Spread = 2.0, int MaxPerSubject = 3_000)
{
    /// <summary>Records of one subject: 0 for most; otherwise ⌈e^(μ + σZ)⌉ with μ such that the mean over all subjects is <see cref="MeanPerSubject"/>.</summary>
    public int Draw(Random random)
    {
        if (random.NextDouble() >= WithRecordsShare)
            return 0;
        var mu = Math.Log(MeanPerSubject / WithRecordsShare) - (Spread * Spread / 2);
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()); // Box–Muller
        return (int)Math.Clamp(Math.Ceiling(Math.Exp(mu + (Spread * z))), 1, MaxPerSubject);
    }
}

public sealed record DemoSeedResult(int UnitsCreated, int Subjects, int Records, TimeSpan Elapsed)
{
    public double SubjectsPerSecond => Subjects / Math.Max(Elapsed.TotalSeconds, 0.001);
}

/// <summary>
/// Fills an empty database with deterministic synthetic Shanxi data: data source units for all domains at province level
/// and in the 11 cities, subjects of every type with valid codes, and records of all four types. It streams in chunks
/// and writes with <see cref="BulkWriter"/> inside one transaction, so a failure leaves nothing behind.
/// </summary>
public sealed class DemoSeeder(CreditProofDbContext db, PlatformClock clock, Privacy.PersonalDataKeys keys)
{
    private static readonly DateOnly EarliestDecision = new(2021, 9, 1);

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Subjects);
        var existing = await db.Subjects.CountAsync(ct);
        if (existing > 0)
            throw new DemoDataExistsException(existing);

        var stopwatch = Stopwatch.StartNew();
        var now = clock.UtcNow;
        var today = clock.Today;
        var random = new Random(options.Seed);

        var domains = await db.Domains.AsNoTracking().OrderBy(d => d.SortOrder).ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code.StartsWith("14")).ToListAsync(ct);
        var calendar = new WorkingDayCalendar(await db.CalendarDays.AsNoTracking().ToListAsync(ct));
        var publicity = new PublicityPeriods(await db.PublicityRules.AsNoTracking().ToListAsync(ct));
        var strategy = db.Database.CreateExecutionStrategy();

        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var unitsCreated = await EnsureUnitsAsync(domains, regions, now, ct);
            var units = await db.Units.AsNoTracking().ToListAsync(ct);
            var world = new DemoWorld(domains, regions, units, calendar, publicity, today, now, options.Seed, options.Records);

            using var writer = BulkWriter.For(db);
            var records = 0;
            // The next chunk is generated while the database writes this one (generation is most of the cost); chunks
            // are still made one after the other from the one Random, so the data is the same for the same seed.
            DemoChunk MakeChunk(int start)
            {
                var chunk = world.Generate(random, start, Math.Min(options.ChunkSize, options.Subjects - start));
                // Natural persons under the blind index of their ID number, the number itself encrypted (Privacy).
                foreach (var person in chunk.Subjects.Where(s => s.IsNaturalPerson))
                    keys.Protect(person, person.Code);
                return chunk;
            }

            var next = options.Subjects > 0 ? Task.Run(() => MakeChunk(0), ct) : null;
            for (var start = 0; next is not null; start += options.ChunkSize)
            {
                var chunk = await next;
                var following = start + options.ChunkSize;
                next = following < options.Subjects ? Task.Run(() => MakeChunk(following), ct) : null;
                await writer.WriteAsync(chunk.Subjects, ct);
                await writer.WriteAsync(chunk.Records, ct);
                await writer.WriteAsync(chunk.Versions, ct);
                records += chunk.Records.Count;
                progress?.Report(start + chunk.Subjects.Count);
            }

            // Every unit has delivered (issue 15: a domain is complete only when all its units have), except the
            // demo's one silent domain, so that a report shows 本领域数据暂不完整，不作结论 for it.
            db.Batches.AddRange(Deliveries(units, domains, now));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            await transaction.CommitAsync(ct);
            // The bulk writes counted nothing for the statistics: count the seeded data once.
            await Oversight.RawStats.RebuildAsync(db, clock, ct);
            return new DemoSeedResult(unitsCreated, options.Subjects, records, stopwatch.Elapsed);
        });
    }

    /// <summary>The domain whose units stopped delivering two months ago in the demo.</summary>
    public const string SilentDomainCode = "archives";

    /// <summary>
    /// Each unit's deliveries: the historical load three months ago (the records themselves are written in bulk above) and
    /// an empty 零报告 a day or three ago; the silent domain's units last delivered 60 days ago.
    /// </summary>
    private static IEnumerable<ImportBatch> Deliveries(List<DataSourceUnit> units, List<CreditDomain> domains, DateTime now)
    {
        var silent = domains.FirstOrDefault(d => d.Code == SilentDomainCode)?.Id;
        foreach (var unit in units)
        {
            var history = now.AddDays(-90);
            var latest = unit.DomainId == silent ? now.AddDays(-60) : now.AddDays(-1 - (unit.Id % 3));
            foreach (var (at, file) in new[] { (history, "demo-history"), (latest, "demo-zero-report") })
            {
                yield return new ImportBatch
                {
                    Id = Guid.CreateVersion7(new DateTimeOffset(at, TimeSpan.Zero)),
                    UnitId = unit.Id,
                    Channel = Channel.Demo,
                    RecordType = RecordType.Penalty,
                    FileName = file,
                    Status = BatchStatus.Completed,
                    SubmittedBy = "demo-seed",
                    StartedAt = at,
                    CompletedAt = at,
                };
            }
        }
    }

    private async Task<int> EnsureUnitsAsync(List<CreditDomain> domains, List<Region> regions, DateTime now, CancellationToken ct)
    {
        var existing = await db.Units.Select(u => u.CreditCode).ToHashSetAsync(ct);
        var cities = regions.Where(r => r.Level == RegionLevel.Prefecture).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        var created = 0;
        foreach (var domain in domains)
        {
            var names = DemoAuthorities.For(domain.Code);
            var places = new List<(Region? City, int Index)> { (null, 0) };
            places.AddRange(cities.Select((c, i) => ((Region?)c, i + 1)));
            foreach (var (city, index) in places)
            {
                var body = string.Create(CultureInfo.InvariantCulture, $"1{domain.SortOrder:000}{index:00}01");
                var code = CreditCode.Compose('1', '1', city?.Code ?? "140000", body);
                if (!existing.Add(code))
                    continue;
                db.Units.Add(new DataSourceUnit
                {
                    CreditCode = code,
                    Name = city is null ? names.Province : city.Name + names.City,
                    DomainId = domain.Id,
                    Level = city is null ? AdministrativeLevel.Province : AdministrativeLevel.Prefecture,
                    RegionCode = city?.Code ?? "140000",
                    CreatedAt = now,
                    // The province's market regulation bureau keeps the business register (登记机关).
                    IsRegistrationAuthority = city is null && domain.Code == "market-regulation",
                });
                created++;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return created;
    }

    private sealed class DemoWorld
    {
        private readonly List<CreditDomain> _domains;
        private readonly List<Region> _counties;
        private readonly Dictionary<string, Region> _regionsByCode;
        private readonly Dictionary<(int DomainId, string Region), DataSourceUnit> _unitByDomainAndRegion;
        private readonly Dictionary<int, CreditDomain> _domainById;
        private readonly Dictionary<string, CreditDomain> _domainByCode;
        private readonly int[] _cumulativeDomainWeights;
        private readonly Dictionary<int, int> _documentCounters = [];
        private readonly WorkingDayCalendar _calendar;
        private readonly PublicityPeriods _publicity;
        private readonly DateOnly _today;
        private readonly DateTime _now;
        private readonly ulong _idPrefix;
        private readonly DemoRecordMix? _mix;
        private readonly DateOnly _earliestDecision;
        private ulong _idCounter;

        public DemoWorld(List<CreditDomain> domains, List<Region> regions, List<DataSourceUnit> units, WorkingDayCalendar calendar,
            PublicityPeriods publicity, DateOnly today, DateTime now, int seed, DemoRecordMix? mix)
        {
            _mix = mix;
            _earliestDecision = mix?.EarliestDecision ?? EarliestDecision;
            _publicity = publicity;
            _domains = domains;
            _counties = regions.Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
            _regionsByCode = regions.ToDictionary(r => r.Code, StringComparer.Ordinal);
            _unitByDomainAndRegion = units.GroupBy(u => (u.DomainId, u.RegionCode)).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Id).First());
            _domainById = domains.ToDictionary(d => d.Id);
            _domainByCode = domains.ToDictionary(d => d.Code, StringComparer.Ordinal);
            var sum = 0;
            _cumulativeDomainWeights = domains.Select(d => sum += DemoCatalog.Weight(d.Code)).ToArray();
            _calendar = calendar;
            _today = today;
            _now = now;
            _idPrefix = 0x4350_0000_0000_0000UL | (uint)seed;
        }

        public DemoChunk Generate(Random random, int start, int count)
        {
            var chunk = new DemoChunk();
            for (var i = start; i < start + count; i++)
            {
                var subject = NewSubject(random, i);
                chunk.Subjects.Add(subject);
                foreach (var record in NewRecords(random, subject))
                {
                    chunk.Records.Add(record);
                    chunk.Versions.Add(RecordHistory.ForBulkWrite(record, new RecordProvenance(ChangeKind.Created, "demo-seed", Channel.Demo, record.ReceivedAt),
                        RecordSnapshot.ToJson(RecordSnapshot.Capture(record))));
                }
            }

            return chunk;
        }

        private Guid NextId()
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, _idPrefix);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], ++_idCounter);
            return new Guid(bytes, bigEndian: true);
        }

        private Subject NewSubject(Random random, int index)
        {
            var county = _counties[random.Next(_counties.Count)];
            var city = _regionsByCode[county.ParentCode!];
            var roll = random.Next(100);
            var (type, prefix) = roll switch
            {
                < 66 => (SubjectType.Enterprise, "91"),
                < 86 => (SubjectType.IndividualBusiness, "92"),
                < 90 => (SubjectType.FarmerCooperative, "93"),
                < 92 => (SubjectType.PublicInstitution, "12"),
                < 94 => (SubjectType.SocialOrganisation, random.Next(2) == 0 ? "51" : "52"),
                _ => (SubjectType.NaturalPerson, ""),
            };

            string code;
            if (type == SubjectType.NaturalPerson)
            {
                // Index-derived birth date and sequence keep every generated number unique.
                var birth = new DateOnly(1955, 1, 1).AddDays(index % 18_000);
                code = ResidentId.Compose(county.Code, birth, index / 18_000 % 1000);
            }
            else
            {
                code = CreditCode.Compose(prefix[0], prefix[1], county.Code, OrganisationBody(index));
            }

            // The demo register holds every demo subject. Register facts come from the index, not the random sequence,
            // so the rest of the data stays as it was: a few subjects are 吊销 or 注销 to show those journeys.
            var person = type == SubjectType.NaturalPerson;
            var registeredOn = new DateOnly(1998, 1, 1).AddDays(index * 37 % 9_000);
            var status = person ? (RegisterStatus?)null : (index % 97) switch
            {
                41 => RegisterStatus.Revoked,
                73 => RegisterStatus.Deregistered,
                _ => RegisterStatus.Active,
            };
            return new Subject
            {
                Id = NextId(),
                Code = code,
                Name = NameFor(type, random, city, county),
                Type = type,
                RegionCode = county.Code,
                CreatedAt = _now,
                InRegister = true,
                RegisterStatus = status,
                RegisteredOn = person ? null : registeredOn,
                StatusSince = status is RegisterStatus.Active or null ? (person ? null : registeredOn) : registeredOn.AddDays(1_500) is var d && d < _today ? d : _today,
                RegisterUpdatedAt = _now,
            };
        }

        private static string OrganisationBody(int index)
        {
            // "MA" like codes issued since 2015, then the index in base 31 (unique up to 887 million subjects).
            Span<char> body = stackalloc char[8];
            body[0] = 'M';
            body[1] = 'A';
            var n = index;
            for (var p = 7; p >= 2; p--)
            {
                body[p] = CreditCode.Alphabet[n % 31];
                n /= 31;
            }

            return new string(body);
        }

        private static string PersonName(Random random) =>
            DemoNames.Surnames[random.Next(DemoNames.Surnames.Length)]
            + DemoNames.GivenNameCharacters[random.Next(DemoNames.GivenNameCharacters.Length)]
            + (random.Next(3) == 0 ? "" : DemoNames.GivenNameCharacters[random.Next(DemoNames.GivenNameCharacters.Length)]);

        private static string NameFor(SubjectType type, Random random, Region city, Region county)
        {
            static string Pick(string[] list, Random r) => list[r.Next(list.Length)];
            return type switch
            {
                SubjectType.Enterprise => $"{(random.Next(3) == 0 ? "山西" : city.Name.TrimEnd('市'))}{Pick(DemoNames.TradeNames, random)}{Pick(DemoNames.Industries, random)}{Pick(DemoNames.CompanyForms, random)}",
                SubjectType.IndividualBusiness => $"{county.Name}{PersonName(random)}{Pick(DemoNames.ShopKinds, random)}",
                SubjectType.FarmerCooperative => $"{county.Name}{Pick(DemoNames.Villages, random)}{Pick(DemoNames.CooperativeKinds, random)}",
                SubjectType.PublicInstitution => $"{county.Name}{Pick(DemoNames.Institutions, random)}",
                SubjectType.SocialOrganisation => $"{city.Name}{Pick(DemoNames.TradeNames, random)}{Pick(DemoNames.SocialOrganisations, random)}",
                SubjectType.NaturalPerson => PersonName(random),
                SubjectType.GovernmentAgency or SubjectType.RuralCollective or SubjectType.OtherOrganisation => $"{county.Name}{Pick(DemoNames.TradeNames, random)}",
            };
        }

        private IEnumerable<ViolationRecord> NewRecords(Random random, Subject subject)
        {
            // Most subjects are clean; some have one record, a few have several.
            var roll = random.Next(1000);
            var count = _mix is { } mix ? mix.Draw(random) : roll switch
            {
                < 840 => 0,
                < 940 => 1,
                < 980 => random.Next(2, 4),
                _ => random.Next(4, 9),
            };
            for (var i = 0; i < count; i++)
                yield return NewRecord(random, subject);
        }

        private ViolationRecord NewRecord(Random random, Subject subject)
        {
            var typeRoll = random.Next(100);
            var type = typeRoll switch
            {
                < 86 => RecordType.Penalty,
                < 92 => RecordType.Enforcement,
                < 97 => RecordType.Dishonesty,
                _ => subject.Type is SubjectType.Enterprise or SubjectType.NaturalPerson ? RecordType.Criminal : RecordType.Penalty,
            };

            var domain = type switch
            {
                RecordType.Dishonesty => _domainByCode[DemoCatalog.DishonestyLists[random.Next(DemoCatalog.DishonestyLists.Length)].Domain],
                RecordType.Criminal => _domainByCode["public-security"],
                RecordType.Penalty or RecordType.Enforcement => WeightedDomain(random),
            };
            var unit = UnitFor(random, domain, subject);
            var decision = _earliestDecision.AddDays(random.Next(_today.DayNumber - _earliestDecision.DayNumber - 2));
            var receivedDays = random.Next(100) < 85 ? random.Next(0, 8) : random.Next(8, 40);
            var received = decision.AddDays(receivedDays).ToDateTime(new TimeOnly(random.Next(1, 10), random.Next(60)), DateTimeKind.Utc);
            if (received > _now)
                received = _now;

            ViolationRecord record = type switch
            {
                RecordType.Penalty => NewPenalty(random, domain),
                RecordType.Enforcement => new EnforcementRecord
                {
                    SubjectName = subject.Name,
                    DocumentNumber = "",
                    Category = DemoCatalog.EnforcementCategories[random.Next(DemoCatalog.EnforcementCategories.Length)],
                    Facts = "当事人逾期未履行行政处罚决定",
                    LegalBasis = "《中华人民共和国行政强制法》第三十七条",
                    Content = "依法采取行政强制措施",
                    ValidUntil = decision.AddDays(30),
                    Severity = Severity.General,
                    Procedure = Procedure.Ordinary,
                },
                RecordType.Dishonesty => NewListing(random, domain, decision),
                RecordType.Criminal => new CriminalJudgment
                {
                    SubjectName = subject.Name,
                    DocumentNumber = "",
                    Category = DemoCatalog.Charges[random.Next(DemoCatalog.Charges.Length)],
                    Content = string.Create(CultureInfo.InvariantCulture, $"判处罚金人民币{random.Next(5, 200)}万元"),
                    Severity = Severity.Serious,
                    Procedure = Procedure.Ordinary,
                    EffectiveOn = decision.AddDays(random.Next(10, 30)),
                },
            };

            record.Id = NextId();
            record.SubjectId = subject.Id;
            record.SubjectName = subject.Name;
            record.UnitId = unit.Id;
            record.DomainId = unit.DomainId;
            record.DocumentNumber = DocumentNumber(unit, type, decision);
            record.DecisionDate = decision;
            record.AuthorityName = type == RecordType.Criminal ? CourtName(subject) : unit.Name;
            record.AuthorityCode = type == RecordType.Criminal ? null : unit.CreditCode;
            record.Channel = Channel.Demo;
            record.ReceivedAt = received;
            record.UpdatedAt = received;
            record.ReportingDelayWorkingDays = _calendar.WorkingDaysBetween(decision, DateOnly.FromDateTime(received));
            // The unit's 公示截止期 follows the rule table in force on the decision date (as PublicityPeriods reads it).
            if (record is PenaltyRecord)
                record.PublicityEnd ??= _publicity.WindowFor(record)?.PublicityEnds;

            // Some older general penalties were repaired (信用修复): they stay in reports, marked as repaired.
            if (type == RecordType.Penalty && record.Status == LegalStatus.Effective && record.Severity == Severity.General
                && decision.AddMonths(6) < _today && random.Next(100) < 25)
            {
                record.RepairStatus = RepairStatus.Repaired;
                var repaired = decision.AddDays(random.Next(183, 330));
                record.RepairedOn = repaired < _today ? repaired : _today;
                record.RepairNote = "当事人已履行行政处罚决定并按规定完成信用修复";
            }

            return record;
        }

        private PenaltyRecord NewPenalty(Random random, CreditDomain domain)
        {
            var violation = DemoCatalog.ViolationFor(domain.Code, domain.NameZh, random);
            var roll = random.Next(100);
            var penalty = new PenaltyRecord
            {
                SubjectName = "",
                DocumentNumber = "",
                ViolationType = violation.Type,
                Facts = $"经查，当事人存在{violation.Type}的违法行为。",
                LegalBasis = violation.Basis,
            };
            if (roll < 4)
            {
                penalty.Status = LegalStatus.NotPenalised;
                penalty.Category = "不予处罚";
                penalty.Content = "违法行为轻微并及时改正，没有造成危害后果，不予行政处罚";
                penalty.Procedure = Procedure.Ordinary;
                penalty.Severity = Severity.Minor;
            }
            else if (roll < 38)
            {
                penalty.Procedure = Procedure.Simplified;
                penalty.Severity = Severity.Minor;
                if (random.Next(2) == 0)
                {
                    penalty.Category = "警告";
                    penalty.Content = "警告";
                }
                else
                {
                    penalty.Category = "罚款";
                    penalty.FineFen = random.Next(1, 21) * 10_000L; // 100–2,000 yuan
                    penalty.Content = $"罚款人民币{penalty.FineFen / 100}元";
                }
            }
            else
            {
                penalty.Procedure = Procedure.Ordinary;
                penalty.Severity = random.Next(100) < 12 ? Severity.Serious : Severity.General;
                var fineYuan = random.Next(100) < 80 ? random.Next(10, 500) * 100L : random.Next(50, 2000) * 1000L;
                penalty.FineFen = fineYuan * 100;
                var categories = new List<string> { "罚款" };
                if (random.Next(100) < 20)
                {
                    categories.Add("没收违法所得");
                    penalty.ConfiscatedFen = random.Next(5, 500) * 10_000L;
                }

                if (penalty.Severity == Severity.Serious && random.Next(3) == 0)
                {
                    categories.Add("责令停产停业");
                }

                penalty.Category = string.Join(';', categories);
                penalty.Content = string.Create(CultureInfo.InvariantCulture, $"罚款人民币{fineYuan}元")
                                  + (penalty.ConfiscatedFen is { } c ? string.Create(CultureInfo.InvariantCulture, $"，没收违法所得{c / 100}元") : "");
            }

            if (roll >= 4 && random.Next(200) == 0)
                penalty.Status = LegalStatus.Revoked;
            return penalty;
        }

        private DishonestyListing NewListing(Random random, CreditDomain domain, DateOnly decision)
        {
            var listName = DemoCatalog.DishonestyLists.First(l => l.Domain == domain.Code).ListName;
            var listing = new DishonestyListing
            {
                SubjectName = "",
                DocumentNumber = "",
                ListName = listName,
                Category = listName,
                Facts = listName == "失信被执行人" ? "有履行能力而拒不履行生效法律文书确定义务" : "存在严重失信行为，经认定列入名单",
                LegalBasis = listName == "失信被执行人" ? "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条" : "有关严重失信主体名单管理办法",
                Severity = Severity.Serious,
                Procedure = Procedure.Ordinary,
                ValidUntil = decision.AddYears(random.Next(2, 4)),
            };
            if (listName == "失信被执行人")
            {
                var caseNo = string.Create(CultureInfo.InvariantCulture, $"（{decision.Year}）晋{random.Next(1, 12):00}执{random.Next(100, 9999)}号");
                listing.ExtraJson = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["执行案号"] = caseNo,
                    ["履行情况"] = "全部未履行",
                });
            }

            return listing;
        }

        private CreditDomain WeightedDomain(Random random)
        {
            var pick = random.Next(_cumulativeDomainWeights[^1]);
            var index = Array.BinarySearch(_cumulativeDomainWeights, pick + 1);
            return _domains[index >= 0 ? index : ~index];
        }

        private DataSourceUnit UnitFor(Random random, CreditDomain domain, Subject subject)
        {
            var city = _regionsByCode.TryGetValue(subject.RegionCode, out var county) && county.ParentCode is { } parent ? parent : "140100";
            if (random.Next(100) < 80 && _unitByDomainAndRegion.TryGetValue((domain.Id, city), out var local))
                return local;
            return _unitByDomainAndRegion[(domain.Id, "140000")];
        }

        private string DocumentNumber(DataSourceUnit unit, RecordType type, DateOnly decision)
        {
            var n = _documentCounters[unit.Id] = _documentCounters.GetValueOrDefault(unit.Id) + 1;
            var abbreviation = DemoAuthorities.For(_domainById[unit.DomainId].Code).Abbreviation;
            var place = unit.Level == AdministrativeLevel.Province ? "晋" : _regionsByCode[unit.RegionCode].Name[..2];
            var kind = type switch
            {
                RecordType.Penalty => "罚",
                RecordType.Enforcement => "强",
                RecordType.Dishonesty => "失信",
                RecordType.Criminal => "刑初",
            };
            return string.Create(CultureInfo.InvariantCulture, $"{place}{abbreviation}{kind}〔{decision.Year}〕{n}号");
        }

        private string CourtName(Subject subject)
        {
            var city = _regionsByCode.TryGetValue(subject.RegionCode, out var county) && county.ParentCode is { } parent
                ? _regionsByCode[parent].Name
                : "太原市";
            return $"{city}中级人民法院";
        }
    }

    private sealed class DemoChunk
    {
        public List<Subject> Subjects { get; } = [];

        public List<ViolationRecord> Records { get; } = [];

        public List<RecordVersion> Versions { get; } = [];
    }
}

public sealed class DemoDataExistsException(int subjects)
    : InvalidOperationException($"The database already holds {subjects} subjects; demo seed only fills an empty database.")
{
    public int Subjects { get; } = subjects;
}
