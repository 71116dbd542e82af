using CreditProof.Notifications;
using CreditProof.Objections;
using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Reports;
using CreditProof.Reports.Lifecycle;
using CreditProof.Sharing;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Tests.Reports;
using CreditProof.Verification;
using CreditProof.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreditProof.Tests.Verification;

[Trait("Category", "Database")]
public sealed class VerificationTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    private static readonly DateOnly Decided = new(2025, 6, 3);

    [Fact]
    public async Task A_fresh_report_verifies_online_as_authentic_and_valid_with_its_conclusions()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("核验有限公司");
        var outcome = await VerifyQrAsync(issued.QrText);
        Assert.True(outcome.IsValid, outcome.Message);
        Assert.Equal(ReportStatus.Valid, outcome.Status);
        Assert.True(outcome.IssuedHere);
        var report = outcome.Report!;
        Assert.Equal(subject.Name, report.SubjectName);
        Assert.Equal(issued.ReportNumber, report.Number);
        Assert.Equal("2026.1", report.TemplateVersion);
        Assert.Contains(report.Domains, d => d.NameZh == "市场监管" && d.Records == 1);
        Assert.Contains(report.Domains, d => d.NameZh == "税务" && d.Clean);
    }

    [Fact]
    public async Task A_tampered_qr_text_fails()
    {
        var (_, issued) = await IssueWithOneRecordAsync("篡改测试有限公司");
        var at = issued.QrText.IndexOf("#CP1:", StringComparison.Ordinal) + 30;
        var tampered = string.Concat(issued.QrText.AsSpan(0, at), issued.QrText[at] == 'A' ? "B" : "A", issued.QrText.AsSpan(at + 1));
        var outcome = await VerifyQrAsync(tampered);
        Assert.False(outcome.Authentic);
        Assert.NotEqual(PayloadVerdict.Valid, outcome.Verdict);
    }

    [Fact]
    public async Task The_published_list_covers_every_issued_report_and_an_index_beyond_a_list_is_rejected_not_valid()
    {
        var (_, issued) = await IssueWithOneRecordAsync("状态越界有限公司");
        var (trust, token) = await PublishedAsync();
        var published = StatusListToken.Verify(token, trust, fixture.Time.GetUtcNow());
        using (var offline = new OfflineVerifier(trust, published, fixture.Time))
        {
            var outcome = offline.Verify(issued.QrText);
            Assert.Equal(ReportStatus.Valid, outcome.Status);
            Assert.False(outcome.StatusOutOfBounds);
            Assert.True(outcome.IsValid, outcome.Message);
        }

        // A genuine list of this issuer that stops before the report's index (an older or truncated copy).
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var key = await scope.ServiceProvider.GetRequiredService<SigningKeyRing>().GetActiveAsync(db, SigningAlgorithm.Sm2);
        var shortToken = StatusListToken.Sign(StatusList.Empty, published.Issuer, published.Subject, fixture.Time.GetUtcNow(), TimeSpan.FromDays(1), TimeSpan.FromMinutes(5), key);
        var shortList = StatusListToken.Verify(shortToken, trust, fixture.Time.GetUtcNow());
        using (var offline = new OfflineVerifier(trust, shortList, fixture.Time))
        {
            var outcome = offline.Verify(issued.QrText);
            Assert.True(outcome.Authentic);
            Assert.Null(outcome.Status);
            Assert.True(outcome.StatusOutOfBounds);
            Assert.False(outcome.IsValid);
            Assert.Equal(ReportVerifier.OutOfBounds, outcome.StatusReason);
        }
    }

    [Fact]
    public async Task Correcting_a_record_in_an_issued_report_turns_it_superseded_online_and_in_the_signed_status_list()
    {
        var (_, issued) = await IssueWithOneRecordAsync("更正测试有限公司");
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var number = ReportNumbers.ParseNumber(issued.ReportNumber)!;
            var report = await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number);
            var record = await db.Records.SingleAsync(r => r.SubjectId == report.SubjectId);
            fixture.Time.Current = ReportFixture.Now.AddHours(1);
            RecordHistory.Change(db, record, new RecordProvenance(ChangeKind.Corrected, "unit", Channel.Api, fixture.Time.GetUtcNow().UtcDateTime, "金额有误"), r => r.Content = "罚款0.2万元");
            await db.SaveChangesAsync();
            Assert.Equal(1, (await fixture.ApplyChangesAsync(db)).StatusesChanged);
            Assert.Equal(ReportStatus.Superseded, (await db.IssuedReports.AsNoTracking().SingleAsync(r => r.Number == number)).Status);
        }

        var outcome = await VerifyQrAsync(issued.QrText);
        Assert.True(outcome.Authentic);
        Assert.False(outcome.IsValid);
        Assert.Equal(ReportStatus.Superseded, outcome.Status);

        // The same answer offline, from the platform's signed status list.
        var (trust, token) = await PublishedAsync();
        var list = StatusListToken.Verify(token, trust, fixture.Time.GetUtcNow());
        using var offline = new OfflineVerifier(trust, list, fixture.Time);
        var offlineOutcome = offline.Verify(issued.QrText);
        Assert.Equal(ReportStatus.Superseded, offlineOutcome.Status);
        Assert.False(offlineOutcome.IsValid);
    }

    [Fact]
    public async Task A_pending_objection_suspends_the_report_and_an_upheld_record_makes_it_valid_again()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("异议测试有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var (db, record, objections) = await ObjectionsAsync(scope, subject);
        var objection = await objections.SubmitAsync(new Actor(subject.Code, ActorRole.Subject, SubjectId: subject.Id), record.Id, "处罚已撤销", []);
        await fixture.ApplyChangesAsync(db);
        Assert.Equal(ReportStatus.Suspended, await StatusAsync(db, issued));

        await objections.AcceptAsync(new Actor("op", ActorRole.Operator), objection.Id);
        await fixture.ApplyChangesAsync(db);
        Assert.Equal(ReportStatus.Suspended, await StatusAsync(db, issued));
        await objections.DecideAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId), objection.Id, ObjectionAction.Uphold, "经核实，处罚有效");
        await fixture.ApplyChangesAsync(db);
        Assert.Equal(ReportStatus.Valid, await StatusAsync(db, issued));
    }

    [Fact]
    public async Task An_objection_decided_by_deleting_the_record_supersedes_the_report()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("删除测试有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var (db, record, objections) = await ObjectionsAsync(scope, subject);
        var objection = await objections.SubmitAsync(new Actor(subject.Code, ActorRole.Subject, SubjectId: subject.Id), record.Id, "不是我公司", []);
        await objections.AcceptAsync(new Actor("op", ActorRole.Operator), objection.Id);
        fixture.Time.Current = ReportFixture.Now.AddMinutes(5);
        await objections.DecideAsync(new Actor("unit", ActorRole.UnitStaff, UnitId: record.UnitId), objection.Id, ObjectionAction.Delete, "主体信息录入错误");
        await fixture.ApplyChangesAsync(db);
        Assert.Equal(ReportStatus.Superseded, await StatusAsync(db, issued));
    }

    [Fact]
    public async Task A_new_record_received_after_issue_inside_the_period_supersedes_but_one_outside_it_does_not()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("新增记录有限公司");
        fixture.Time.Current = ReportFixture.Now.AddHours(2);
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", "晋市监罚〔2020〕1号", new DateOnly(2020, 1, 5),
            r => r.ReceivedAt = r.UpdatedAt = fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "ecology-environment", "晋环罚〔2025〕9号", Decided,
            r => r.ReceivedAt = r.UpdatedAt = fixture.Time.GetUtcNow().UtcDateTime);
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        await fixture.ApplyChangesAsync(db);
        Assert.Equal(ReportStatus.Valid, await StatusAsync(db, issued));

        await fixture.AddRecordAsync<PenaltyRecord>(subject, "taxation", "晋税罚〔2025〕7号", Decided,
            r => r.ReceivedAt = r.UpdatedAt = fixture.Time.GetUtcNow().UtcDateTime);
        await fixture.ApplyChangesAsync(db);
        Assert.Equal(ReportStatus.Superseded, await StatusAsync(db, issued));
    }

    [Fact]
    public async Task A_revoked_report_is_reported_revoked_with_its_reason()
    {
        var (_, issued) = await IssueWithOneRecordAsync("撤销测试有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        Assert.True(await ReportRevocation.RevokeAsync(db, issued.ReportNumber, "冒用他人身份申请", "operator", fixture.Time.GetUtcNow().UtcDateTime));
        Assert.False(await ReportRevocation.RevokeAsync(db, issued.ReportNumber, "again", "operator", fixture.Time.GetUtcNow().UtcDateTime));
        var outcome = await scope.ServiceProvider.GetRequiredService<ReportVerifier>().VerifyNumberAsync(scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>(), issued.ReportNumber, issued.VerificationCode);
        Assert.Equal(ReportStatus.Revoked, outcome.Status);
        Assert.Contains("冒用他人身份申请", outcome.StatusReason, StringComparison.Ordinal);
        Assert.False(outcome.IsValid);
    }

    [Fact]
    public async Task The_paper_path_needs_the_right_code_and_answers_an_unknown_number_the_same_way()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("纸质核验有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var verifier = scope.ServiceProvider.GetRequiredService<ReportVerifier>();
        var reads = scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>();

        var right = await verifier.VerifyNumberAsync(reads, issued.ReportNumber.ToLowerInvariant(), issued.VerificationCode.Replace("-", " ", StringComparison.Ordinal));
        Assert.True(right.IsValid, right.Message);
        Assert.Equal(subject.Name, right.Report!.SubjectName);

        var wrongCode = await verifier.VerifyNumberAsync(reads, issued.ReportNumber, ReportNumbers.NewVerificationCode());
        var unknownNumber = await verifier.VerifyNumberAsync(reads, ReportNumbers.NewNumber(), issued.VerificationCode);
        Assert.Same(VerificationOutcome.NotFound, wrongCode);
        Assert.Same(VerificationOutcome.NotFound, unknownNumber);
    }

    [Fact]
    public async Task A_report_signed_by_an_unknown_key_fails_and_passes_once_the_other_platforms_trust_list_is_imported()
    {
        var (other, otherServices) = await OtherPlatformAsync();
        try
        {
            var (foreign, otherTrustList, _) = await IssueOnOtherPlatformAsync(otherServices, "北京互认有限公司");

            var before = await VerifyQrAsync(foreign.QrText);
            Assert.Equal(PayloadVerdict.UnknownKey, before.Verdict);

            await using (var scope = fixture.Services.CreateAsyncScope())
            {
                var imported = await scope.ServiceProvider.GetRequiredService<TrustStore>().ImportAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), otherTrustList, "operator");
                Assert.All(imported, k => Assert.Equal("CN-11", k.Issuer));
            }

            var after = await VerifyQrAsync(foreign.QrText);
            Assert.True(after.Authentic, after.Message);
            Assert.False(after.IssuedHere);
            Assert.Null(after.Status);
            Assert.Equal("北京市公共信用信息服务平台", after.Report!.Platform);
            Assert.Equal("CN-11", after.Report.Issuer);

            // Our own reports still verify, and our published list now carries both platforms' keys.
            var (_, ours) = await IssueWithOneRecordAsync("本省有限公司");
            Assert.True((await VerifyQrAsync(ours.QrText)).IsValid);
            var (trust, _) = await PublishedAsync();
            Assert.Contains(trust.Keys, k => k.Issuer == "CN-11");
            Assert.Contains(trust.Keys, k => k.Issuer == "CN-14");
            await using (var scope = fixture.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<TrustStore>().RemoveAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), "CN-11");
        }
        finally
        {
            await otherServices.DisposeAsync();
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Another_platforms_report_shows_the_status_of_its_imported_status_list_while_that_list_is_current()
    {
        var (other, otherServices) = await OtherPlatformAsync();
        try
        {
            var (foreign, otherTrustList, firstList) = await IssueOnOtherPlatformAsync(otherServices, "北京状态有限公司");

            await using var ours = fixture.Services.CreateAsyncScope();
            var db = ours.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            var store = ours.ServiceProvider.GetRequiredService<ForeignStatusStore>();
            // Its list cannot be checked before its keys are trusted.
            var untrusted = await Assert.ThrowsAsync<InvalidDataException>(() => store.ImportAsync(db, firstList, "operator"));
            Assert.Contains("not in the trust list", untrusted.Message, StringComparison.Ordinal);
            await ours.ServiceProvider.GetRequiredService<TrustStore>().ImportAsync(db, otherTrustList, "operator");
            Assert.Null((await VerifyQrAsync(foreign.QrText)).Status);

            var imported = await store.ImportAsync(db, firstList, "operator");
            Assert.Equal("CN-11", imported.Issuer);
            var valid = await VerifyQrAsync(foreign.QrText);
            Assert.Equal(ReportStatus.Valid, valid.Status);
            Assert.True(valid.IsValid);
            Assert.Equal(imported.IssuedAt, valid.StatusAsOf);

            // The other platform revokes the report; its next list says so, and an older list cannot replace it.
            fixture.Time.Current = ReportFixture.Now.AddMinutes(10);
            byte[] secondList;
            await using (var scope = otherServices.CreateAsyncScope())
            {
                var otherDb = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
                Assert.True(await ReportRevocation.RevokeAsync(otherDb, foreign.ReportNumber, "伪造授权", "operator", fixture.Time.Current.UtcDateTime));
                var statuses = scope.ServiceProvider.GetRequiredService<ReportStatusCache>();
                await statuses.RefreshAsync(otherDb);
                secondList = await statuses.TokenAsync(otherDb, scope.ServiceProvider.GetRequiredService<SigningKeyRing>());
            }

            await store.ImportAsync(db, secondList, "operator");
            var revoked = await VerifyQrAsync(foreign.QrText);
            Assert.Equal(ReportStatus.Revoked, revoked.Status);
            Assert.False(revoked.IsValid);
            var older = await Assert.ThrowsAsync<InvalidDataException>(() => store.ImportAsync(db, firstList, "operator"));
            Assert.Contains("newer", older.Message, StringComparison.Ordinal);

            // A changed byte breaks the signature; our own list is not imported as a foreign one.
            var tampered = secondList.ToArray();
            tampered[^10] ^= 1;
            await Assert.ThrowsAsync<InvalidDataException>(() => store.ImportAsync(db, tampered, "operator"));
            var (_, ownList) = await PublishedAsync();
            var own = await Assert.ThrowsAsync<InvalidDataException>(() => store.ImportAsync(db, ownList, "operator"));
            Assert.Contains("own code", own.Message, StringComparison.Ordinal);

            // Once the list has expired the status is unknown again, and the verifier says why.
            fixture.Time.Current = ReportFixture.Now.AddDays(2);
            var stale = await VerifyQrAsync(foreign.QrText);
            Assert.Null(stale.Status);
            Assert.Contains("expired", stale.StatusReason, StringComparison.Ordinal);

            await ours.ServiceProvider.GetRequiredService<TrustStore>().RemoveAsync(db, "CN-11");
            Assert.False(await db.ForeignStatusLists.AnyAsync(l => l.Issuer == "CN-11"));
        }
        finally
        {
            fixture.Time.Current = ReportFixture.Now;
            await otherServices.DisposeAsync();
            await other.DisposeAsync();
        }
    }

    /// <summary>The other platform makes its signing key and issues a report; what it publishes: its trust list and status list.</summary>
    private static async Task<(IssuedReportResult Report, string TrustList, byte[] StatusList)> IssueOnOtherPlatformAsync(ServiceProvider otherServices, string subjectName)
    {
        await using var scope = otherServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var ring = scope.ServiceProvider.GetRequiredService<SigningKeyRing>();
        await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().CreateAsync(SigningAlgorithm.Sm2, "test");
        var subject = await TestData.SubjectAsync(db, subjectName);
        var report = await scope.ServiceProvider.GetRequiredService<ReportIssuer>().IssueAsync(new ReportRequest { SubjectCode = subject.Code, RequestedBy = "test" });
        var trustList = await scope.ServiceProvider.GetRequiredService<TrustStore>().PublishAsync(db, ring);
        return (report, trustList, await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().TokenAsync(db, ring));
    }

    /// <summary>A second CreditProof instance (another province, CN-11) with its own database, key-encryption key and signing key.</summary>
    private async Task<(TestDatabase Database, ServiceProvider Services)> OtherPlatformAsync()
    {
        var other = new TestDatabase();
        await other.InitializeAsync();
        var services = ReportFixture.Build(other.Settings, fixture.Time, new Dictionary<string, string?>
        {
            ["CreditProof:Issuer"] = "CN-11",
            ["CreditProof:PlatformName"] = "北京市公共信用信息服务平台",
        });
        // The other platform's signing keys are its own (its own database); its data keys were made, as every test
        // database's are, under the test key-encryption key.
        return (other, services);
    }

    [Fact]
    public async Task A_changed_trust_list_or_one_signed_by_an_unlisted_key_is_refused()
    {
        var (trust, _) = await PublishedAsync();
        Assert.NotEmpty(trust.Keys);
        string json;
        await using (var scope = fixture.Services.CreateAsyncScope())
            json = await scope.ServiceProvider.GetRequiredService<TrustStore>().PublishAsync(scope.ServiceProvider.GetRequiredService<CreditProofDbContext>(), scope.ServiceProvider.GetRequiredService<SigningKeyRing>());
        Assert.Equal(trust.Keys.Count, TrustListDocument.Verify(json).List.Keys.Count);

        var changed = json.Replace("山西省", "山东省", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => TrustListDocument.Verify(changed));
        Assert.Contains("signature", e.Message, StringComparison.Ordinal);

        var kid = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("signature").GetProperty("kid").GetString()!;
        var unlisted = json.Replace($"\"kid\": \"{kid}\",\n    \"alg\"", "\"kid\": \"0000000000000000\",\n    \"alg\"", StringComparison.Ordinal);
        Assert.NotEqual(json, unlisted);
        Assert.Throws<InvalidDataException>(() => TrustListDocument.Verify(unlisted));
    }

    [Fact]
    public async Task Share_grants_open_the_report_until_they_expire_are_revoked_or_are_used_up()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("授权测试有限公司");
        var stranger = await fixture.AddSubjectAsync("旁人有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var grants = scope.ServiceProvider.GetRequiredService<ShareGrants>();

        await Assert.ThrowsAsync<ShareRefusedException>(() => grants.CreateAsync(stranger.Id, issued.ReportNumber, "贷款", null, 30, false, "x"));
        await Assert.ThrowsAsync<ShareRefusedException>(() => grants.CreateAsync(subject.Id, issued.ReportNumber, "贷款", null, 365, false, "x"));

        var (grant, code) = await grants.CreateAsync(subject.Id, issued.ReportNumber, "贷款", "太原银行", 30, false, "subject");
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", code);
        var opened = await grants.RedeemAsync(code.ToLowerInvariant());
        Assert.Equal(grant.Id, opened.Grant.Id);
        Assert.Equal(issued.PdfSha256, opened.Report.PdfSha256);

        // A single-use code opens once: a second browser with it is refused at once (not only after 15 minutes); the
        // first browser's session goes on showing the report for the session's 15 minutes, then not.
        var single = (await grants.CreateAsync(subject.Id, issued.ReportNumber, "招投标", null, 10, true, "subject")).Code;
        var first = await grants.RedeemAsync(single);
        var second = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.RedeemAsync(single));
        Assert.Contains("一次性", second.MessageZh, StringComparison.Ordinal);
        Assert.Equal(issued.PdfSha256, (await grants.ResumeAsync(first.Grant.Id, first.SessionSecret)).Report.PdfSha256);
        await Assert.ThrowsAsync<ShareRefusedException>(() => grants.ResumeAsync(first.Grant.Id, "another browser's secret"));
        fixture.Time.Current = fixture.Time.Current.AddMinutes(20);
        var used = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.RedeemAsync(single));
        Assert.Contains("一次性", used.MessageZh, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ShareRefusedException>(() => grants.ResumeAsync(first.Grant.Id, first.SessionSecret));

        await grants.RevokeAsync(subject.Id, grant.Id);
        var revoked = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.RedeemAsync(code));
        Assert.Contains("撤销", revoked.MessageZh, StringComparison.Ordinal);

        var (_, shortCode) = await grants.CreateAsync(subject.Id, issued.ReportNumber, "审批", null, 1, false, "subject");
        fixture.Time.Current = fixture.Time.Current.AddDays(2);
        var expired = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.RedeemAsync(shortCode));
        Assert.Contains("过期", expired.MessageZh, StringComparison.Ordinal);
        fixture.Time.Current = ReportFixture.Now;
    }

    [Fact]
    public async Task No_grant_on_an_expired_revoked_or_superseded_report_and_none_outlives_the_report()
    {
        var (subject, issued) = await IssueWithOneRecordAsync("过期授权测试有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var grants = scope.ServiceProvider.GetRequiredService<ShareGrants>();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        var expiresAt = await db.IssuedReports.Where(r => r.Number == number).Select(r => r.ExpiresAt).SingleAsync();
        try
        {
            // A day before the report expires, a 30-day grant ends with the report.
            fixture.Time.Current = new DateTimeOffset(expiresAt.AddDays(-1), TimeSpan.Zero);
            var (lastDay, _) = await grants.CreateAsync(subject.Id, issued.ReportNumber, "贷款", null, 30, false, "subject");
            Assert.Equal(expiresAt, lastDay.ExpiresAt);

            fixture.Time.Current = new DateTimeOffset(expiresAt.AddMinutes(1), TimeSpan.Zero);
            var expired = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.CreateAsync(subject.Id, issued.ReportNumber, "贷款", null, 30, false, "subject"));
            Assert.Equal(("该报告已过有效期，不能授权查看；请重新申请一份报告后授权", "the report has expired and cannot be shared; get a new report and share that one"), (expired.MessageZh, expired.MessageEn));
            fixture.Time.Current = ReportFixture.Now;

            await db.IssuedReports.Where(r => r.Number == number).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Superseded));
            var superseded = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.CreateAsync(subject.Id, issued.ReportNumber, "贷款", null, 30, false, "subject"));
            Assert.Contains("superseded", superseded.MessageEn, StringComparison.Ordinal);
            Assert.Contains("已被更新的记录取代", superseded.MessageZh, StringComparison.Ordinal);

            await db.IssuedReports.Where(r => r.Number == number).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReportStatus.Revoked));
            var revoked = await Assert.ThrowsAsync<ShareRefusedException>(() => grants.CreateAsync(subject.Id, issued.ReportNumber, "贷款", null, 30, false, "subject"));
            Assert.Contains("revoked", revoked.MessageEn, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Time.Current = ReportFixture.Now;
        }
    }

    [Fact]
    public async Task Accesses_are_queued_and_written_for_the_holder_to_see()
    {
        var (_, issued) = await IssueWithOneRecordAsync("日志测试有限公司");
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<AccessLog>();
        var number = ReportNumbers.ParseNumber(issued.ReportNumber)!;
        log.Record(number, AccessKind.QrVerification, "10.0.0.8", "Mozilla/5.0");
        log.Record(number, AccessKind.ShareDownload, "10.0.0.9", "curl", grantId: Guid.NewGuid());
        Assert.True(await log.FlushAsync(db) >= 2);
        var entries = await AccessLog.ForReportAsync(db, number);
        Assert.Equal(2, entries.Count);
        Assert.Contains(entries, e => e.Kind == AccessKind.ShareDownload && e.GrantId is not null && e.Client == "10.0.0.9");
    }

    [Fact]
    public async Task Status_indexes_are_unique_across_processes_and_in_the_qr_payload()
    {
        var (_, a) = await IssueWithOneRecordAsync("序号甲有限公司");
        var (_, b) = await IssueWithOneRecordAsync("序号乙有限公司");
        var ia = QrPayload.Decode(a.QrText).Claims.StatusIndex;
        var ib = QrPayload.Decode(b.QrText).Claims.StatusIndex;
        Assert.NotNull(ia);
        Assert.NotEqual(ia, ib);

        // Another process reserves its own block: it cannot hand out an index this one holds.
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var end = await StatusIndexAllocator.ReserveAsync(db, 64, default);
        Assert.True(end - 64 > Math.Max(ia!.Value, ib!.Value));
    }

    private async Task<(Subject Subject, IssuedReportResult Issued)> IssueWithOneRecordAsync(string name)
    {
        fixture.Time.Current = ReportFixture.Now;
        var subject = await fixture.AddSubjectAsync(name);
        await fixture.AddRecordAsync<PenaltyRecord>(subject, "market-regulation", $"晋市监罚〔2025〕{Random.Shared.Next(1000, 99999)}号", Decided);
        var issued = await fixture.IssueAsync(new ReportRequest { SubjectCode = subject.Code, Domains = ["市场监管", "税务"], RequestedBy = "test" });
        return (subject, issued);
    }

    [Fact]
    public async Task A_flood_of_unique_malformed_or_over_long_QR_texts_does_not_grow_the_verifiers_memory()
    {
        var verifier = fixture.Services.GetRequiredService<ReportVerifier>();
        var before = verifier.RememberedCount;

        for (var i = 0; i < 200; i++)
        {
            var malformed = await VerifyQrAsync("CP1:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('A', 40));
            var overLong = await VerifyQrAsync("CP1:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('A', 6 * 1024));
            Assert.False(malformed.IsValid);
            Assert.Equal(PayloadVerdict.Malformed, overLong.Verdict);
        }

        Assert.True(verifier.RememberedCount <= before, $"{verifier.RememberedCount - before} malformed texts remembered");
    }

    private async Task<VerificationOutcome> VerifyQrAsync(string qr)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        scope.ServiceProvider.GetRequiredService<TrustStore>().Invalidate();
        scope.ServiceProvider.GetRequiredService<ForeignStatusStore>().Invalidate();
        await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().RefreshAsync(db);
        return await scope.ServiceProvider.GetRequiredService<ReportVerifier>().VerifyQrAsync(qr, scope.ServiceProvider.GetRequiredService<ReadOnlyDatabase>());
    }

    private async Task<(TrustList Trust, byte[] StatusToken)> PublishedAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var ring = scope.ServiceProvider.GetRequiredService<SigningKeyRing>();
        var store = scope.ServiceProvider.GetRequiredService<TrustStore>();
        store.Invalidate();
        var json = await store.PublishAsync(db, ring);
        var statuses = scope.ServiceProvider.GetRequiredService<ReportStatusCache>();
        await statuses.RefreshAsync(db);
        return (TrustListDocument.Verify(json).List, await statuses.TokenAsync(db, ring));
    }

    private async Task<(CreditProofDbContext Db, ViolationRecord Record, ObjectionService Objections)> ObjectionsAsync(AsyncServiceScope scope, Subject subject)
    {
        var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
        var record = await db.Records.SingleAsync(r => r.SubjectId == subject.Id);
        var notifier = new Notifier(db, new LogOnlyNotificationChannel(NullLogger<LogOnlyNotificationChannel>.Instance), fixture.Time);
        return (db, record, new ObjectionService(db, new PlatformClock(fixture.Time), notifier, new AttachmentStore(Path.GetTempPath(), 1024), new ObjectionOptions()));
    }

    private static async Task<ReportStatus> StatusAsync(CreditProofDbContext db, IssuedReportResult issued)
    {
        var number = ReportNumbers.ParseNumber(issued.ReportNumber);
        return await db.IssuedReports.AsNoTracking().Where(r => r.Number == number).Select(r => r.Status).SingleAsync();
    }
}
