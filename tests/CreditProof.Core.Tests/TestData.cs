using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Units;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests;

/// <summary>Small, explicit test data: a unit, a subject and records, written through the context.</summary>
public static class TestData
{
    private static int _counter;

    public static async Task<DataSourceUnit> UnitAsync(CreditProofDbContext db, string domainCode = "market-regulation", string region = "140100")
    {
        var domain = await db.Domains.SingleAsync(d => d.Code == domainCode);
        var n = Interlocked.Increment(ref _counter);
        var unit = new DataSourceUnit
        {
            CreditCode = CreditCode.Compose('1', '1', region, $"T{n:0000000}"),
            Name = $"测试单位{n}",
            DomainId = domain.Id,
            Level = AdministrativeLevel.Prefecture,
            RegionCode = region,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        // The unit has delivered (a 零报告), so its domain's data stays complete for the reports (DataCompleteness).
        db.Batches.Add(new CreditProof.Ingest.ImportBatch
        {
            Id = Guid.CreateVersion7(),
            UnitId = unit.Id,
            Channel = CreditProof.Platform.Channel.BatchFile,
            RecordType = RecordType.Penalty,
            Status = CreditProof.Ingest.BatchStatus.Completed,
            // The report tests' fixed "now" (ReportFixture.Now) less an hour: within the limit for every test clock.
            StartedAt = Reports.ReportFixture.Now.UtcDateTime.AddHours(-1),
            CompletedAt = Reports.ReportFixture.Now.UtcDateTime.AddHours(-1),
        });
        await db.SaveChangesAsync();
        return unit;
    }

    public static async Task<Subject> SubjectAsync(CreditProofDbContext db, string? name = null)
    {
        var n = Interlocked.Increment(ref _counter);
        var code = CreditCode.Compose('9', '1', "140105", $"MT{n:000000}");
        var subject = new Subject { Id = Guid.NewGuid(), Code = code, Name = name ?? $"山西测试{n}有限公司", Type = SubjectType.Enterprise, RegionCode = "140105" };
        db.Subjects.Add(subject);
        await db.SaveChangesAsync();
        return subject;
    }

    public static async Task<PenaltyRecord> PenaltyAsync(CreditProofDbContext db, Subject subject, DataSourceUnit unit, DateOnly decided, Action<PenaltyRecord>? configure = null)
    {
        var n = Interlocked.Increment(ref _counter);
        var record = new PenaltyRecord
        {
            Id = Guid.NewGuid(),
            SubjectId = subject.Id,
            SubjectName = subject.Name,
            UnitId = unit.Id,
            DomainId = unit.DomainId,
            DocumentNumber = $"测市监罚〔{decided.Year}〕{n}号",
            DecisionDate = decided,
            Category = "罚款",
            FineFen = 500_000,
            Procedure = Procedure.Ordinary,
            Severity = Severity.General,
            Channel = Channel.OnlineEntry,
            ReceivedAt = decided.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
            UpdatedAt = decided.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
        };
        configure?.Invoke(record);
        db.Records.Add(record);
        db.RecordVersions.Add(new RecordVersion
        {
            RecordId = record.Id, Version = 1, Change = ChangeKind.Created, ChangedBy = "test", Channel = Channel.OnlineEntry, ChangedAt = record.ReceivedAt,
            SnapshotJson = RecordSnapshot.ToJson(RecordSnapshot.Capture(record)),
        });
        await db.SaveChangesAsync();
        return record;
    }
}
