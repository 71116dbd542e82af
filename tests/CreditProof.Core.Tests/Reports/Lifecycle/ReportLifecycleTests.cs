using CreditProof.Commitments;
using CreditProof.Ingest;
using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Tests.Ingest;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Reports.Lifecycle;

/// <summary>
/// One test per kind of change: the change writes its entry in its own transaction, the report keeps its status until
/// the lifecycle runs, and then has the status the kind produces; a second run changes nothing.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReportLifecycleTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly DateOnly Decided = new(2025, 5, 1);

    [Fact]
    public async Task A_new_record_in_the_period_and_domain_supersedes_and_one_outside_changes_nothing()
    {
        var (subject, _, issued) = await IssueWithRecordAsync("新增记录生命周期有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "taxation", "晋税罚〔2025〕501号", Decided, After);
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "晋市监罚〔2022〕501号", new DateOnly(2022, 9, 1), After);
        Assert.Equal(ReportStatus.Valid, await AppliedAsync(issued, ReportChangeKind.RecordCreated, ReportChangeKind.RecordCreated));

        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "晋市监罚〔2025〕502号", Decided, After);
        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.RecordCreated));
    }

    [Fact]
    public async Task A_record_revoked_by_its_unit_supersedes()
    {
        var (_, record, issued) = await IssueWithRecordAsync("撤销记录生命周期有限公司");
        await using (var db = Context())
        {
            var (outcome, _) = await new RecordRevocation(db, Later).RevokeAsync(record.UnitId, record.Type, record.DocumentNumber, "unit", "决定已撤销", Channel.Api);
            Assert.Equal(RevocationOutcome.Revoked, outcome);
        }

        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.RecordRevoked));
    }

    [Fact]
    public async Task An_objection_opened_suspends_and_closed_without_change_makes_valid_again()
    {
        var (subject, record, issued) = await IssueWithRecordAsync("异议生命周期有限公司");
        await using var db = Context();
        var objections = Objections(db);
        var objection = await objections.SubmitAsync(SubjectActor(subject), record.Id, "处罚已被复议撤销", []);
        Assert.Equal(ReportStatus.Suspended, await AppliedAsync(issued, ReportChangeKind.ObjectionOpened));

        await objections.RejectAsync(new Actor("op", ActorRole.Operator), objection.Id, "理由不成立");
        Assert.Equal(ReportStatus.Valid, await AppliedAsync(issued, ReportChangeKind.ObjectionClosed));
    }

    [Fact]
    public async Task An_objection_decided_by_correcting_supersedes_and_a_correction_that_changes_nothing_is_refused()
    {
        var (subject, record, issued) = await IssueWithRecordAsync("更正生命周期有限公司");
        await using var db = Context();
        var objections = Objections(db);
        var objection = await objections.SubmitAsync(SubjectActor(subject), record.Id, "罚款金额有误", []);
        await objections.AcceptAsync(new Actor("op", ActorRole.Operator), objection.Id);
        Assert.Equal(ReportStatus.Suspended, await AppliedAsync(issued, ReportChangeKind.ObjectionOpened));

        var unit = new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId);
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
            Objections(Context()).DecideAsync(unit, objection.Id, ObjectionAction.Correct, "更正", r => r.Facts = r.Facts));
        Assert.Contains("相同", refused.MessageZh, StringComparison.Ordinal);
        Assert.Empty(await PendingAsync());

        await objections.DecideAsync(unit, objection.Id, ObjectionAction.Correct, "金额录入错误", r => r.Content = "罚款0.2万元");
        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.RecordCorrected, ReportChangeKind.ObjectionClosed));
    }

    [Fact]
    public async Task An_objection_decided_by_deleting_supersedes()
    {
        var (subject, record, issued) = await IssueWithRecordAsync("删除生命周期有限公司");
        await using var db = Context();
        var objections = Objections(db);
        var objection = await objections.SubmitAsync(SubjectActor(subject), record.Id, "不是本公司", []);
        await objections.AcceptAsync(new Actor("op", ActorRole.Operator), objection.Id);
        await objections.DecideAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId), objection.Id, ObjectionAction.Delete, "主体录入错误");
        Assert.Equal(ReportStatus.Superseded,
            await AppliedAsync(issued, ReportChangeKind.ObjectionOpened, ReportChangeKind.RecordDeleted, ReportChangeKind.ObjectionClosed));
    }

    [Fact]
    public async Task An_approved_repair_supersedes()
    {
        var (subject, record, issued) = await IssueWithRecordAsync("修复生命周期有限公司");
        await using var db = Context();
        var repairs = new RepairService(db, new PlatformClock(Later), Notifier(db), new AttachmentStore(Path.GetTempPath(), 1024), new RepairOptions());
        var application = await repairs.ApplyAsync(SubjectActor(subject), record.Id, "已缴纳罚款并完成整改", []);
        Assert.Empty(await PendingAsync());
        await repairs.DecideAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId), application.Id, RepairAction.Approve, "整改到位");
        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.RecordRepaired));
    }

    [Fact]
    public async Task Publicity_ended_supersedes()
    {
        var (_, record, issued) = await IssueWithRecordAsync("公示期满生命周期有限公司", r => ((PenaltyRecord)r).PublicityEnd = new DateOnly(2025, 8, 1));
        await using (var db = Context())
            Assert.True(await PublicityExpiry.EndDueAsync(db, new DateOnly(2026, 11, 21), Later.GetUtcNow().UtcDateTime) >= 1);
        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.PublicityEnded));
        await using var check = Context();
        Assert.Equal(RepairStatus.PublicityEnded, (await check.Records.AsNoTracking().SingleAsync(r => r.Id == record.Id)).RepairStatus);
    }

    [Fact]
    public async Task A_batch_file_that_corrects_a_record_supersedes_through_its_batch_entry()
    {
        var sample = Path.Combine(IngestTestKit.SamplesDirectory, "penalty.csv");
        var first = await IngestTestKit.ImportAsync(fixture.Database, IngestTestKit.Scratch(sample), time: new MovableClock(ReportFixture.Now.AddDays(-1)));
        Assert.True(first.Batch.Accepted > 0);
        await using (var db = Context())
            await fixture.ApplyChangesAsync(db);
        var issued = await fixture.IssueAsync(new ReportRequest { SubjectCode = "91140105MA0K12348G", Domains = ["市场监管"], RequestedBy = "test" });
        Assert.Equal(ReportStatus.Valid, await StatusAsync(issued));

        // The unit sends the file again with one fine corrected: the row is versioned, the batch commits its entry with it.
        var corrected = File.ReadAllText(sample).Replace("罚款3.5万元，没收违法所得0.82万元,3.5,", "罚款3.6万元，没收违法所得0.82万元,3.6,", StringComparison.Ordinal);
        var second = await IngestTestKit.ImportAsync(fixture.Database, IngestTestKit.WriteScratch("penalty.csv", corrected), time: Later);
        Assert.Equal(1, second.Batch.Updated);
        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.RecordsImported));
    }

    [Fact]
    public async Task A_commitment_found_false_revokes_the_reports_that_listed_it()
    {
        var subject = await fixture.AddSubjectAsync("承诺生命周期有限公司");
        var domain = await fixture.DomainAsync("archives");
        await using (var db = Context())
        {
            var tracked = await db.Domains.SingleAsync(d => d.Id == domain.Id);
            tracked.IsCovered = false;
            await db.SaveChangesAsync();
            await fixture.ApplyChangesAsync(db);
        }

        await using var work = Context();
        var commitments = new CommitmentService(work, fixture.Time, Notifier(work));
        var commitment = await commitments.SignAsync(SubjectActor(subject), subject.Id, domain.Id);
        var issued = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管"], RequestedBy = "test" });
        Assert.Contains(issued.Content.Commitments, c => c.DomainId == domain.Id);
        var unit = await fixture.UnitAsync("archives");
        await commitments.RecordFulfilmentAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: unit.Id), commitment.Id, kept: false, "核查发现档案违法行为");
        Assert.Equal(ReportStatus.Revoked, await AppliedAsync(issued, ReportChangeKind.CommitmentFoundFalse));
        await using var check = Context();
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        Assert.Equal(ReportStatusRules.CommitmentFalseReason, await check.IssuedReports.Where(r => r.Number == number).Select(r => r.StatusReason).SingleAsync());
    }

    [Fact]
    public async Task A_change_of_a_domains_coverage_supersedes_reports_that_chose_it()
    {
        var (_, _, chose) = await IssueWithRecordAsync("领域调整生命周期有限公司", domain: "water-resources", domainZh: "水利");
        var (_, _, other) = await IssueWithRecordAsync("领域未调整生命周期有限公司");
        await using (var db = Context())
        {
            var water = await db.Domains.SingleAsync(d => d.Code == "water-resources");
            water.EffectiveFrom = new DateOnly(2024, 1, 1);
            await db.SaveChangesAsync();
        }

        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(chose, ReportChangeKind.DomainCoverageChanged));
        Assert.Equal(ReportStatus.Valid, await StatusAsync(other));
    }

    [Fact]
    public async Task A_subject_deregistered_in_the_register_supersedes_and_a_rename_does_not()
    {
        var (subject, _, issued) = await IssueWithRecordAsync("登记变更生命周期有限公司");
        await using (var db = Context())
        {
            var tracked = await db.Subjects.SingleAsync(s => s.Id == subject.Id);
            tracked.Name = "登记变更生命周期（山西）有限公司";
            await db.SaveChangesAsync();
        }

        Assert.Equal(ReportStatus.Valid, await AppliedAsync(issued));
        await using (var db = Context())
        {
            var tracked = await db.Subjects.SingleAsync(s => s.Id == subject.Id);
            tracked.RegisterStatus = RegisterStatus.Deregistered;
            tracked.StatusSince = new DateOnly(2026, 11, 19);
            await db.SaveChangesAsync();
        }

        Assert.Equal(ReportStatus.Superseded, await AppliedAsync(issued, ReportChangeKind.SubjectRegisterChanged));
    }

    [Fact]
    public async Task Applying_twice_changes_nothing_the_second_time()
    {
        var (subject, _, issued) = await IssueWithRecordAsync("幂等生命周期有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "晋市监罚〔2025〕601号", Decided, After);
        await using var db = Context();
        Assert.True((await fixture.ApplyChangesAsync(db)).StatusesChanged >= 1);
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var changedAt = await db.IssuedReports.Where(r => r.Number == number).Select(r => r.StatusChangedAt).SingleAsync();
        Assert.Equal(new LifecycleRun(0, 0), await fixture.ApplyChangesAsync(db));
        Assert.Equal(changedAt, await db.IssuedReports.Where(r => r.Number == number).Select(r => r.StatusChangedAt).SingleAsync());
    }

    private static readonly MovableClock Later = new(ReportFixture.Now.AddHours(1));

    /// <summary>A record received and changed after the fixture's issue time.</summary>
    private static void After(ViolationRecord r) => r.ReceivedAt = r.UpdatedAt = ReportFixture.Now.AddHours(1).UtcDateTime;

    private async Task<(Subject Subject, ViolationRecord Record, IssuedReportResult Issued)> IssueWithRecordAsync(string name, Action<ViolationRecord>? configure = null,
        string domain = "market-regulation", string domainZh = "市场监管")
    {
        var subject = await fixture.AddSubjectAsync(name);
        var record = await fixture.AddRecordAsync<PenaltyRecord>(subject, domain, $"晋罚〔2025〕{Random.Shared.Next(10_000, 99_999)}号", Decided, r => configure?.Invoke(r));
        await using (var db = Context())
            await fixture.ApplyChangesAsync(db);
        var issued = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = [domainZh], RequestedBy = "test" });
        Assert.Equal(ReportStatus.Valid, await StatusAsync(issued));
        return (subject, record, issued);
    }

    /// <summary>Asserts the pending entries' kinds and that the report has not moved yet; applies them; returns the status.</summary>
    private async Task<ReportStatus> AppliedAsync(IssuedReportResult issued, params ReportChangeKind[] expected)
    {
        var pending = await PendingAsync();
        foreach (var kind in expected)
            Assert.Contains(kind, pending);
        var before = await StatusAsync(issued);
        await using (var db = Context())
            await fixture.ApplyChangesAsync(db);
        Assert.Empty(await PendingAsync());
        var after = await StatusAsync(issued);
        if (after != before)
            Assert.NotEqual(ReportStatus.Revoked, before);
        return after;
    }

    private async Task<List<ReportChangeKind>> PendingAsync()
    {
        await using var db = Context();
        return await db.ReportChanges.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Kind).ToListAsync();
    }

    private async Task<ReportStatus> StatusAsync(IssuedReportResult issued)
    {
        await using var db = Context();
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        return await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => r.Status).SingleAsync();
    }

    private CreditProofDbContext Context() => fixture.Services.CreateScope().ServiceProvider.GetRequiredService<CreditProofDbContext>();

    private ObjectionService Objections(CreditProofDbContext db) =>
        new(db, new PlatformClock(fixture.Time), Notifier(db), new AttachmentStore(Path.GetTempPath(), 1024), new ObjectionOptions());

    private Notifier Notifier(CreditProofDbContext db) => new(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), fixture.Time);

    private static Actor SubjectActor(Subject subject) => new(subject.Code, ActorRole.Subject, SubjectId: subject.Id);

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
