using System.Net;
using CreditProof.Notifications;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.RelyingParties;
using CreditProof.Reports;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Tests.Reports;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.RelyingParties;

/// <summary>
/// Relying parties end to end on the database: registration and keys, a requirement link fulfilled into a report and a
/// grant, change notices with consent (inbox, signed webhook retried with backoff, each try logged), what changed, and
/// requests for explanation with their deadline and escalation.
/// </summary>
[Trait("Category", "Database")]
public sealed class RelyingPartyWorkflowTests(ReportFixture fixture) : IClassFixture<ReportFixture>, IDisposable
{
    private static readonly DateOnly Decided = new(2025, 5, 1);
    private readonly ServiceProvider _services = ReportFixture.Build(fixture.Database.Settings, fixture.Time, null, s =>
    {
        s.AddSingleton<INotificationChannel>(new NullChannel());
        s.AddScoped<Notifier>();
    });

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Registration_checks_the_credit_code_and_refuses_a_second_organisation_with_it()
    {
        await using var scope = _services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>();
        var bad = await Assert.ThrowsAsync<WorkflowRefusedException>(() => registry.RegisterAsync("某银行", "91140105MA0000001Y", RelyingPartyKind.Bank, null, "test"));
        Assert.Contains("统一社会信用代码无效", bad.MessageZh, StringComparison.Ordinal);
        Assert.Contains("not valid", bad.MessageEn, StringComparison.Ordinal);
        var code = NewCode();
        var party = await registry.RegisterAsync(" 某银行太原分行 ", code.ToLowerInvariant(), RelyingPartyKind.Bank, null, "test");
        Assert.Equal("某银行太原分行", party.Name);
        Assert.Equal(code, party.CreditCode);
        Assert.Equal(RelyingPartyRegistry.DefaultRequestsPerMinute, party.RequestsPerMinute);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => registry.RegisterAsync("另一家", code, RelyingPartyKind.Authority, null, "test"));
        Assert.Equal(RelyingPartyKind.BiddingPlatform, RelyingPartyKinds.FromSlug("bidding-platform"));
        Assert.Null(RelyingPartyKinds.FromSlug("casino"));
    }

    [Fact]
    public async Task A_key_is_stored_as_a_hash_carries_its_scopes_and_stops_working_when_revoked()
    {
        await using var scope = _services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>();
        var party = await registry.RegisterAsync("密钥测试银行", NewCode(), RelyingPartyKind.Bank, 7, "test");
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => registry.IssueKeyAsync(party.Id, "verify,everything", null, "test"));
        var issued = await registry.IssueKeyAsync(party.Id, "verify", "core", "test");
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        Assert.False(await db.RelyingPartyApiKeys.AnyAsync(k => k.Hash == issued.Key || k.Prefix == issued.Key));
        var owner = await registry.FindOwnerAsync(issued.Key);
        Assert.NotNull(owner);
        Assert.Equal(["verify"], owner.Scopes);
        Assert.Equal(7, owner.RequestsPerMinute);
        await registry.RevokeKeyAsync(party.Id, issued.Id, "test");
        Assert.Null(await registry.FindOwnerAsync(issued.Key));
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => registry.RevokeKeyAsync(party.Id, issued.Id, "test"));
    }

    [Fact]
    public async Task A_requirement_link_issues_exactly_what_it_asks_and_grants_the_party_once()
    {
        var (subject, _) = await SubjectWithRecordAsync("需求链接测试有限公司");
        var party = await PartyAsync();
        await using var scope = _services.CreateAsyncScope();
        var requirements = scope.ServiceProvider.GetRequiredService<Requirements>();
        var unknown = await Assert.ThrowsAsync<WorkflowRefusedException>(() => requirements.CreateAsync(party.Id, Input(["no-such-domain"]), "test"));
        Assert.Contains("no-such-domain", unknown.MessageEn, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => requirements.CreateAsync(party.Id, Input(["market-regulation"]) with { ValidDays = 1000 }, "test"));

        var requirement = await requirements.CreateAsync(party.Id, Input(["market-regulation"]) with { SubjectCode = subject.Code }, "test");
        Assert.StartsWith("https://credit.example.cn/r/", requirements.LinkFor(requirement), StringComparison.Ordinal);
        var other = await fixture.AddSubjectAsync("另一需求主体有限公司");
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => requirements.PreviewAsync(requirement.Token, other.Code));
        var preview = await requirements.PreviewAsync(requirement.Token, subject.Code);
        Assert.Equal("市场监管", Assert.Single(preview.Domains).NameZh);
        Assert.Equal(party.Name, preview.PartyName);

        var done = await requirements.FulfilAsync(requirement.Token, subject.Id, subject.Code, consentNotices: true, consentShowChanges: false);
        Assert.Equal("贷款审批", done.Report.Content.Purpose);
        Assert.Equal(["市场监管"], done.Report.Content.Domains.Select(d => d.NameZh));
        Assert.True(done.Grant.NotifyOnChange);
        Assert.False(done.Grant.ShowChanges);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => requirements.FulfilAsync(requirement.Token, subject.Id, subject.Code, true, true));

        await using var check = _services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        Assert.Equal(RequirementStatus.Fulfilled, (await db.ReportRequirements.SingleAsync(r => r.Id == requirement.Id)).Status);
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.RelyingParty && n.RecipientId == party.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && n.Link == "requirement:" + requirement.Id));
        var grants = check.ServiceProvider.GetRequiredService<PartyGrants>();
        Assert.Equal(done.Report.ReportNumber, Assert.Single(await grants.ForPartyAsync(party.Id)).ReportNumber);
        var refused = await Assert.ThrowsAsync<WorkflowRefusedException>(() => grants.ChangesAsync(party.Id, done.Report.ReportNumber));
        Assert.Contains("did not consent", refused.MessageEn, StringComparison.Ordinal);
        var stranger = await PartyAsync();
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => grants.OpenAsync(stranger.Id, done.Report.ReportNumber));
    }

    [Fact]
    public async Task A_superseded_report_notifies_the_consenting_party_once_and_its_webhook_is_retried_until_it_answers()
    {
        var (subject, _) = await SubjectWithRecordAsync("变更通知测试有限公司");
        var party = await PartyAsync();
        string secret;
        await using (var scope = _services.CreateAsyncScope())
            secret = (await scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>().SetWebhookAsync(party.Id, "https://bank.example.cn/hooks/creditproof"))!;
        var (done, _) = await FulfilAsync(subject, party, notices: true, changes: true);
        var silent = await PartyAsync();
        await FulfilAsync(subject, silent, notices: false, changes: false);

        var added = await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"晋市监罚〔2025〕{Random.Shared.Next(10_000, 99_999)}号", Decided,
            r => r.ReceivedAt = r.UpdatedAt = ReportFixture.Now.AddHours(1).UtcDateTime);
        await using (var db = Context())
            await fixture.ApplyChangesAsync(db);

        var watch = new ChangeWatch(new PlatformClock(fixture.Time));
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            Assert.True(await watch.RunAsync(db, scope.ServiceProvider.GetRequiredService<Notifier>()) >= 1);
        }

        await using (var scope = _services.CreateAsyncScope())
            Assert.Equal(0, await watch.RunAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<Notifier>()));

        await using (var db = Context())
        {
            var notice = await db.ChangeNotices.SingleAsync(n => n.GrantId == done.Grant.Id);
            Assert.Equal(ReportStatus.Superseded, notice.ToStatus);
            Assert.False(await db.ChangeNotices.AnyAsync(n => n.RelyingPartyId == silent.Id));
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.RelyingParty && n.Link == "notice:" + notice.Id));
            Assert.Single(await db.WebhookDeliveries.Where(d => d.NoticeId == notice.Id).ToListAsync());
        }

        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        var clock = new PlatformClock(fixture.Time);
        var sender = new WebhookSender(new HttpClient(handler), clock);
        await using (var scope = _services.CreateAsyncScope())
            Assert.Equal(0, await sender.DeliverDueAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>()));
        await using (var db = Context())
        {
            var delivery = await db.WebhookDeliveries.SingleAsync(d => d.RelyingPartyId == party.Id);
            Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
            Assert.Equal(fixture.Time.GetUtcNow().UtcDateTime + WebhookSender.Backoff(1), delivery.NextAttemptAt);
            Assert.Equal(500, (await db.WebhookAttempts.SingleAsync(a => a.DeliveryId == delivery.Id)).StatusCode);
        }

        // Not due yet: nothing is posted; after the backoff it is, and delivered.
        await using (var scope = _services.CreateAsyncScope())
            Assert.Equal(0, await sender.DeliverDueAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>()));
        Assert.Single(handler.Requests);
        var later = new CreditProof.Tests.Reports.FixedTime(fixture.Time.GetUtcNow() + WebhookSender.Backoff(1));
        var laterSender = new WebhookSender(new HttpClient(handler), new PlatformClock(later));
        await using (var scope = _services.CreateAsyncScope())
            Assert.Equal(1, await laterSender.DeliverDueAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>()));
        Assert.Equal(2, handler.Requests.Count);
        var (timestamp, signature, body) = handler.Requests[1];
        Assert.True(WebhookSignature.Verify(secret, timestamp, signature, body, later.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, timestamp, signature, body.Replace("superseded", "valid", StringComparison.Ordinal), later.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_wrong", timestamp, signature, body, later.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.Contains("\"to\":\"superseded\"", body, StringComparison.Ordinal);
        await using (var db = Context())
        {
            Assert.Equal(WebhookDeliveryState.Delivered, (await db.WebhookDeliveries.SingleAsync(d => d.RelyingPartyId == party.Id)).State);
            Assert.Equal(2, await db.WebhookAttempts.CountAsync(a => db.WebhookDeliveries.Any(d => d.Id == a.DeliveryId && d.RelyingPartyId == party.Id)));
        }

        // With the subject's consent the party sees what changed: the record added after issue.
        await using (var scope = _services.CreateAsyncScope())
        {
            var (_, changes) = await scope.ServiceProvider.GetRequiredService<PartyGrants>().ChangesAsync(party.Id, done.Report.ReportNumber);
            var change = Assert.Single(changes);
            Assert.Equal(added.Id, change.RecordId);
            Assert.Equal(RecordChangeKind.Added, change.Change);
        }
    }

    [Fact]
    public async Task An_ended_grant_is_no_longer_watched_or_opened()
    {
        var (subject, _) = await SubjectWithRecordAsync("结束授权测试有限公司");
        var party = await PartyAsync();
        var (done, _) = await FulfilAsync(subject, party, notices: true, changes: true);
        await using var scope = _services.CreateAsyncScope();
        var grants = scope.ServiceProvider.GetRequiredService<PartyGrants>();
        var stranger = await fixture.AddSubjectAsync("旁人有限公司");
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => grants.EndAsync(stranger.Id, done.Grant.Id, "subject"));
        await grants.EndAsync(subject.Id, done.Grant.Id, "subject");
        Assert.NotNull(Assert.Single(await grants.ForSubjectAsync(subject.Id)).EndedAt);
        await Assert.ThrowsAsync<WorkflowRefusedException>(() => grants.OpenAsync(party.Id, done.Report.ReportNumber));
    }

    [Fact]
    public async Task An_explanation_request_reaches_the_unit_with_a_working_day_deadline_returns_the_answer_and_escalates_when_late()
    {
        var (subject, record) = await SubjectWithRecordAsync("说明请求测试有限公司");
        var party = await PartyAsync();
        var (done, _) = await FulfilAsync(subject, party, notices: false, changes: false);
        var other = await fixture.AddRecordAsync<PenaltyRecord>(subject, "taxation", $"晋税罚〔2025〕{Random.Shared.Next(10_000, 99_999)}号", Decided);
        ExplanationRequest asked;
        await using (var scope = _services.CreateAsyncScope())
        {
            var explanations = scope.ServiceProvider.GetRequiredService<Explanations>();
            var notOnReport = await Assert.ThrowsAsync<WorkflowRefusedException>(() => explanations.AskAsync(party.Id, "test", done.Report.ReportNumber, other.Id, "这条记录？"));
            Assert.Contains("not on the report", notOnReport.MessageEn, StringComparison.Ordinal);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => explanations.AskAsync(party.Id, "test", done.Report.ReportNumber, record.Id, "  "));
            asked = await explanations.AskAsync(party.Id, "staff:test", done.Report.ReportNumber, record.Id, "罚款是否已缴纳？");
        }

        // 2026-11-20 is a Friday: five working days later is Friday 2026-11-27.
        Assert.Equal(new DateOnly(2026, 11, 27), asked.DueOn);
        Assert.Equal(record.UnitId, asked.UnitId);
        await using (var db = Context())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Unit && n.RecipientId == record.UnitId.ToString(System.Globalization.CultureInfo.InvariantCulture) && n.Link == "explanation:" + asked.Id));
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Subject && n.RecipientId == subject.Id.ToString() && n.Link == "explanation:" + asked.Id));
        }

        // Late: the operators hear of it once.
        var late = new CreditProof.Tests.Reports.FixedTime(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using (var scope = LaterScope(late))
        {
            var explanations = scope.ServiceProvider.GetRequiredService<Explanations>();
            Assert.Equal(1, await explanations.EscalateOverdueAsync());
            Assert.Equal(0, await explanations.EscalateOverdueAsync());
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            var explanations = scope.ServiceProvider.GetRequiredService<Explanations>();
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => explanations.AnswerAsync(new Actor("other", ActorRole.UnitStaff, UnitId: record.UnitId + 1000), asked.Id, "答复"));
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => explanations.AnswerAsync(new Actor("bank", ActorRole.RelyingPartyStaff), asked.Id, "答复"));
            var answered = await explanations.AnswerAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId), asked.Id, "罚款已于2025年6月缴纳。");
            Assert.Equal(ExplanationStatus.Answered, answered.Status);
            await Assert.ThrowsAsync<WorkflowRefusedException>(() => explanations.AnswerAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId), asked.Id, "再次"));
            Assert.Equal("罚款已于2025年6月缴纳。", Assert.Single(await explanations.ForSubjectAsync(subject.Id)).Answer);
        }

        await using (var db = Context())
        {
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientKind == RecipientKind.Operators && n.Link == "explanation:" + asked.Id));
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.RelyingParty && n.RecipientId == party.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && n.Link == "explanation:" + asked.Id
                && n.BodyZh.Contains("已于2025年6月缴纳")));
        }
    }

    [Fact]
    public async Task The_in_memory_limiter_counts_per_organisation_and_resets_after_the_window()
    {
        var time = new MovableTime(ReportFixture.Now);
        var limiter = new InMemoryPartyRateLimiter(time);
        Assert.Equal(new PartyRateDecision(true, 2, 1, 60), await limiter.AcquireAsync(1, 2));
        Assert.True((await limiter.AcquireAsync(1, 2)).Allowed);
        var refused = await limiter.AcquireAsync(1, 2);
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
        Assert.True((await limiter.AcquireAsync(2, 2)).Allowed);
        time.Now = time.Now.AddSeconds(61);
        Assert.True((await limiter.AcquireAsync(1, 2)).Allowed);
    }

    private AsyncServiceScope LaterScope(TimeProvider time) => ReportFixture.Build(fixture.Database.Settings, time, null, s =>
    {
        s.AddSingleton<INotificationChannel>(new NullChannel());
        s.AddScoped<Notifier>();
    }).CreateAsyncScope();

    private static RequirementInput Input(IReadOnlyList<string> domains) => new(domains, null, null, "贷款审批", 30, true, null, null);

    private async Task<(Fulfilment Done, ReportRequirement Requirement)> FulfilAsync(Subject subject, RelyingParty party, bool notices, bool changes)
    {
        await using var scope = _services.CreateAsyncScope();
        var requirements = scope.ServiceProvider.GetRequiredService<Requirements>();
        var requirement = await requirements.CreateAsync(party.Id, Input(["market-regulation"]), "test");
        return (await requirements.FulfilAsync(requirement.Token, subject.Id, subject.Code, notices, changes), requirement);
    }

    private async Task<RelyingParty> PartyAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RelyingPartyRegistry>().RegisterAsync("测试银行" + Random.Shared.Next(1000, 9999), NewCode(), RelyingPartyKind.Bank, null, "test");
    }

    private async Task<(Subject Subject, ViolationRecord Record)> SubjectWithRecordAsync(string name)
    {
        var subject = await fixture.AddSubjectAsync(name + Random.Shared.Next(1000, 9999));
        var record = await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"晋罚〔2025〕{Random.Shared.Next(10_000, 99_999)}号", Decided);
        await using (var db = Context())
            await fixture.ApplyChangesAsync(db);
        return (subject, record);
    }

    private static string NewCode() => CreditProof.Identifiers.CreditCode.Compose('9', '1', "140105", $"MA{Random.Shared.Next(100_000, 999_999)}");

    private CreditProofDbContext Context() => _services.CreateScope().ServiceProvider.GetRequiredService<CreditProofDbContext>();

    private sealed class NullChannel : INotificationChannel
    {
        public Task SendAsync(Notification notification, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class ScriptedHandler(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<(string Timestamp, string Signature, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Headers.GetValues(WebhookSignature.TimestampHeader).Single(), request.Headers.GetValues(WebhookSignature.SignatureHeader).Single(),
                await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(answers[Math.Min(Requests.Count - 1, answers.Length - 1)]);
        }
    }
}
