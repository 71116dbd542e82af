using CreditProof.Commitments;
using CreditProof.Notifications;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Commitments;

[Trait("Category", "Database")]
public sealed class CommitmentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_commitment_is_only_for_a_domain_the_platform_does_not_cover()
    {
        await using var db = database.CreateContext();
        var service = Service(db);
        var subject = await TestData.SubjectAsync(db);
        var covered = await db.Domains.SingleAsync(d => d.Code == "taxation");
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.SignAsync(SubjectActor(subject.Id), subject.Id, covered.Id));
        Assert.Contains("无需承诺", refused.MessageZh, StringComparison.Ordinal);

        var uncovered = await UncoveredDomainAsync(db, "archives");
        var commitment = await service.SignAsync(SubjectActor(subject.Id), subject.Id, uncovered.Id);
        Assert.Equal(CommitmentStatus.Active, commitment.Status);
        Assert.Contains("档案管理", commitment.TextZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_false_commitment_bars_issuance_with_an_explanation_until_the_operator_lifts_it()
    {
        await using var db = database.CreateContext();
        var service = Service(db);
        var subject = await TestData.SubjectAsync(db);
        var domain = await UncoveredDomainAsync(db, "earthquake");
        var unit = await TestData.UnitAsync(db, "earthquake");
        var commitment = await service.SignAsync(SubjectActor(subject.Id), subject.Id, domain.Id);
        Assert.Null(await service.CheckEligibilityAsync(subject.Id));

        await service.RecordFulfilmentAsync(new Actor("staff", ActorRole.UnitStaff, UnitId: unit.Id), commitment.Id, kept: false, "核查发现2025年存在未报告的行政处罚");
        var refusal = await service.CheckEligibilityAsync(subject.Id);
        Assert.NotNull(refusal);
        Assert.Contains("地震", refusal.MessageZh, StringComparison.Ordinal);
        Assert.Contains("申请复核", refusal.MessageZh, StringComparison.Ordinal);

        await Assert.ThrowsAsync<WorkflowRefusedException>(() => service.LiftIneligibilityAsync(SubjectActor(subject.Id), subject.Id, "请求解除"));
        await service.LiftIneligibilityAsync(new Actor("operator1", ActorRole.Operator), subject.Id, "复核后确认系误判");
        Assert.Null(await service.CheckEligibilityAsync(subject.Id));
        Assert.Equal("复核后确认系误判", (await db.Ineligibilities.SingleAsync(i => i.SubjectId == subject.Id)).LiftReason);
    }

    [Fact]
    public async Task Only_a_department_of_the_domain_records_fulfilment()
    {
        await using var db = database.CreateContext();
        var service = Service(db);
        var subject = await TestData.SubjectAsync(db);
        var domain = await UncoveredDomainAsync(db, "meteorology");
        var wrongUnit = await TestData.UnitAsync(db, "taxation");
        var commitment = await service.SignAsync(SubjectActor(subject.Id), subject.Id, domain.Id);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() =>
            service.RecordFulfilmentAsync(new Actor("staff", ActorRole.UnitStaff, UnitId: wrongUnit.Id), commitment.Id, kept: true, "履约"));
    }

    private CommitmentService Service(CreditProof.Storage.CreditProofDbContext db) =>
        new(db, _time, new Notifier(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), _time));

    private static async Task<CreditProof.Domains.CreditDomain> UncoveredDomainAsync(CreditProof.Storage.CreditProofDbContext db, string code)
    {
        var domain = await db.Domains.SingleAsync(d => d.Code == code);
        domain.IsCovered = false;
        await db.SaveChangesAsync();
        return domain;
    }

    private static Actor SubjectActor(Guid subjectId) => new("subject", ActorRole.Subject, SubjectId: subjectId);
}
