using CreditProof.Records;
using CreditProof.Reports;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Reports;

/// <summary>The two forms of "the records a report covers" — the SQL one for content, the in-memory one for the lifecycle — agree.</summary>
[Trait("Category", "Database")]
public sealed class ReportScopeTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task The_query_and_the_in_memory_rule_select_the_same_records()
    {
        var random = new Random(20261201);
        var subject = await fixture.AddSubjectAsync("范围一致性有限公司");
        var other = await fixture.AddSubjectAsync("范围一致性另一有限公司");
        string[] domains = ["market-regulation", "taxation", "ecology-environment"];
        var statuses = Enum.GetValues<LegalStatus>();
        for (var i = 0; i < 60; i++)
        {
            var owner = i % 10 == 0 ? other : subject;
            var decided = new DateOnly(2022, 8, 1).AddDays(random.Next(0, 1500));
            var status = statuses[random.Next(statuses.Length)];
            var domain = domains[random.Next(domains.Length)];
            switch (random.Next(4))
            {
                case 0:
                    await fixture.AddRecordAsync<PenaltyRecord>(owner, domain, $"范围罚〔{i}〕号", decided, r => r.Status = status);
                    break;
                case 1:
                    await fixture.AddRecordAsync<EnforcementRecord>(owner, domain, $"范围强〔{i}〕号", decided, r => r.Status = status);
                    break;
                case 2:
                    await fixture.AddRecordAsync<DishonestyListing>(owner, domain, $"范围失〔{i}〕号", decided, r => r.Status = status);
                    break;
                default:
                    await fixture.AddRecordAsync<CriminalJudgment>(owner, domain, $"范围刑〔{i}〕号", decided, r => r.Status = status);
                    break;
            }
        }

        await using var db = fixture.Database.CreateContext();
        var ids = await db.Domains.Where(d => domains.Contains(d.Code)).Select(d => d.Id).ToListAsync();
        var all = await db.Records.AsNoTracking().Where(r => r.SubjectId == subject.Id || r.SubjectId == other.Id).ToListAsync();
        for (var round = 0; round < 12; round++)
        {
            var from = new DateOnly(2022, 8, 1).AddDays(random.Next(0, 900));
            var to = from.AddDays(random.Next(0, 900));
            IEnumerable<int>? chosen = round % 4 == 0 ? null : ids.Where(_ => random.Next(2) == 0).ToList();
            var scope = new ReportScope(subject.Id, from, to, chosen);
            var inSql = (await scope.Shown(db.Records.AsNoTracking()).Select(r => r.Id).ToListAsync()).Order().ToList();
            var inMemory = all.Where(r => scope.Covers(r.SubjectId, r.DomainId, r.Type, r.DecisionDate) && ReportScope.IsShown(r.Status)).Select(r => r.Id).Order().ToList();
            Assert.Equal(inMemory, inSql);
        }

        Assert.Contains(all, r => r.Status != LegalStatus.Effective);
    }
}
