using CreditProof.Platform;
using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Reports;
using CreditProof.Verification;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Reports;

/// <summary>Each content rule of issue 4, proved on a real database and, where it is visible, in the PDF's text.</summary>
[Trait("Category", "Database")]
public sealed class ReportContentRuleTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [Fact]
    public async Task Report_shows_only_records_in_the_chosen_domains_with_decision_date_inside_the_period()
    {
        var s = await fixture.AddSubjectAsync("太原市范围测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "IN-1", new DateOnly(2024, 1, 1));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "IN-EDGE-FROM", new DateOnly(2023, 6, 1));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "IN-EDGE-TO", new DateOnly(2025, 6, 30));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "OUT-BEFORE", new DateOnly(2023, 5, 31));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "OUT-AFTER", new DateOnly(2025, 7, 1));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "taxation", "OUT-DOMAIN", new DateOnly(2024, 1, 1));

        var report = await fixture.IssueAsync(new ReportRequest
        {
            SubjectCode = s.Code, Domains = ["market-regulation"], From = new DateOnly(2023, 6, 1), To = new DateOnly(2025, 6, 30),
        });

        var numbers = report.Content.Domains.SelectMany(d => d.Records).Select(r => r.DocumentNumber).Order().ToList();
        Assert.Equal(["IN-1", "IN-EDGE-FROM", "IN-EDGE-TO"], numbers);
        var text = PdfText.Compact(report.Pdf);
        Assert.DoesNotContain("OUT-", text);
    }

    [Fact]
    public async Task Report_shows_records_of_each_of_the_four_types()
    {
        var s = await fixture.AddSubjectAsync("晋城市四类记录有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "T-PENALTY", new DateOnly(2024, 1, 1));
        await fixture.AddRecordAsync<EnforcementRecord>(s, "taxation", "T-ENFORCEMENT", new DateOnly(2024, 1, 2));
        await fixture.AddRecordAsync<DishonestyListing>(s, "court-enforcement", "T-DISHONESTY", new DateOnly(2024, 1, 3));
        await fixture.AddRecordAsync<CriminalJudgment>(s, "public-security", "T-CRIMINAL", new DateOnly(2024, 1, 4));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code });

        var types = report.Content.Domains.SelectMany(d => d.Records).Select(r => r.Type).Order().ToList();
        Assert.Equal([RecordType.Penalty, RecordType.Enforcement, RecordType.Dishonesty, RecordType.Criminal], types);
        var text = PdfText.Compact(report.Pdf);
        foreach (var type in new[] { "行政处罚", "行政强制", "严重失信主体名单", "刑事裁判" })
            Assert.Contains(type, text);
    }

    [Fact]
    public async Task Not_penalised_revoked_and_deleted_records_never_appear()
    {
        // Policy: 不予行政处罚 is not a record; revoked and deleted records are kept with history, never reported.
        var s = await fixture.AddSubjectAsync("朔州市状态测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "S-EFFECTIVE", new DateOnly(2024, 1, 1));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "S-NOTPENALISED", new DateOnly(2024, 1, 1), r => r.Status = LegalStatus.NotPenalised);
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "S-REVOKED", new DateOnly(2024, 1, 1), r => r.Status = LegalStatus.Revoked);
        await fixture.AddRecordAsync<PenaltyRecord>(s, "taxation", "S-DELETED", new DateOnly(2024, 1, 1), r => r.Status = LegalStatus.Deleted);

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["市场监管", "税务"] });

        Assert.Equal(["S-EFFECTIVE"], report.Content.Domains.SelectMany(d => d.Records).Select(r => r.DocumentNumber));
        Assert.True(report.Content.Domains.Single(d => d.Code == "taxation").Clean);
        var text = PdfText.Compact(report.Pdf);
        Assert.DoesNotContain("S-NOTPENALISED", text);
        Assert.DoesNotContain("S-REVOKED", text);
        Assert.DoesNotContain("S-DELETED", text);
        Assert.Contains("税务未发现违法违规记录", text);
    }

    [Fact]
    public async Task The_cover_shows_the_registers_facts_and_verification_notes_a_later_rename()
    {
        var s = await fixture.AddSubjectAsync("太原市登记事实有限公司");
        await using (var db = fixture.Database.CreateContext())
        {
            var tracked = await db.Subjects.SingleAsync(x => x.Id == s.Id);
            tracked.InRegister = true;
            tracked.RegisterStatus = CreditProof.Subjects.RegisterStatus.Revoked;
            tracked.StatusSince = new DateOnly(2026, 10, 8);
            await db.SaveChangesAsync();
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["市场监管"] });
        Assert.Equal("吊销（2026-10-08）", report.Content.Subject.RegisterStatusZh);
        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("登记地：小店区", text);
        Assert.Contains("登记状态：吊销（2026-10-08）", text);

        await using var work = fixture.Database.CreateContext();
        var note = await CreditProof.Verification.RegisterNotes.ForAsync(work, report.ReportNumber);
        Assert.NotNull(note);
        Assert.Null(note.RenamedAt);
        Assert.True(note.Deregistered);
    }

    [Fact]
    public async Task A_record_repaired_through_its_history_is_labelled_repaired_not_corrected_and_its_publicity_end_is_the_rule_tables()
    {
        var s = await fixture.AddSubjectAsync("晋中市修复标注有限公司");
        var record = await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "R-HISTORY", new DateOnly(2024, 2, 2), r => r.PublicityEnd = null);
        await using (var db = fixture.Database.CreateContext())
        {
            var stored = await db.Records.SingleAsync(r => r.Id == record.Id);
            RecordHistory.Change(db, stored, new RecordProvenance(ChangeKind.Repaired, "unit", Channel.Workflow, ReportFixture.Now.UtcDateTime, "整改到位"), r =>
            {
                r.RepairStatus = RepairStatus.Repaired;
                r.RepairedOn = new DateOnly(2025, 3, 15);
            });
            await db.SaveChangesAsync();
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["市场监管"] });
        var shown = Assert.Single(report.Content.Domains.Single().Records);
        Assert.Equal(2, shown.Version);
        Assert.False(shown.Corrected);
        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("已修复（2025-03-15）", text);
        Assert.DoesNotContain("已更正", text);

        // 公示截止: the unit sent none, so the rule table's maximum — the date the portal shows (PublicityPeriods.EndOf).
        await using var check = fixture.Database.CreateContext();
        var periods = new PublicityPeriods(await check.PublicityRules.AsNoTracking().ToListAsync());
        var expected = periods.EndOf(await check.Records.AsNoTracking().SingleAsync(r => r.Id == record.Id));
        Assert.NotNull(expected);
        Assert.Equal(expected, shown.PublicityEnd);
        Assert.Contains(expected.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public async Task Repaired_record_appears_marked_repaired_with_its_repair_date()
    {
        // 565号 / DATA-STANDARD: a repaired record still appears, marked 已修复 with the repair details.
        var s = await fixture.AddSubjectAsync("忻州市信用修复有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "R-REPAIRED", new DateOnly(2024, 2, 2), r =>
        {
            r.RepairStatus = RepairStatus.Repaired;
            r.RepairedOn = new DateOnly(2025, 3, 15);
        });

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["市场监管"] });

        var record = Assert.Single(report.Content.Domains.Single().Records);
        Assert.True(record.Repaired);
        Assert.Equal(new DateOnly(2025, 3, 15), record.RepairedOn);
        Assert.Contains("R-REPAIRED", PdfText.Compact(report.Pdf));
        Assert.Contains("信用修复已修复（2025-03-15）", PdfText.Compact(report.Pdf));
        // The summary's second verdict: records, all repaired — neither 未发现 nor records in effect.
        Assert.Equal(DomainVerdict.AllRepairedOrEnded, report.Content.Domains.Single().Verdict);
        Assert.Contains("市场监管有记录，均已修复或公示期满", PdfText.Compact(report.Pdf));
        Assert.DoesNotContain("市场监管发现违法违规记录", PdfText.Compact(report.Pdf));
    }

    [Fact]
    public async Task A_domain_with_records_in_effect_and_repaired_ones_counts_those_in_effect_and_names_the_others()
    {
        var s = await fixture.AddSubjectAsync("忻州市部分修复有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "R-OPEN", new DateOnly(2024, 3, 3));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "R-ENDED", new DateOnly(2023, 3, 3), r =>
        {
            r.RepairStatus = RepairStatus.PublicityEnded;
            r.RepairedOn = new DateOnly(2024, 3, 3);
        });

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["市场监管", "税务"], From = new DateOnly(2023, 1, 1) });

        var market = report.Content.Domains.Single(d => d.NameZh == "市场监管");
        Assert.Equal((DomainVerdict.RecordsInEffect, 1, 2), (market.Verdict, market.InEffect, market.Records.Count));
        Assert.Equal(DomainVerdict.NoRecord, report.Content.Domains.Single(d => d.NameZh == "税务").Verdict);
        var text = PdfText.Compact(report.Pdf);
        Assert.True(text.Contains("市场监管发现违法违规记录1条，另1条已修复或期满2026-11-202税务", StringComparison.Ordinal), text[..Math.Min(text.Length, 1200)]);
        Assert.Contains("税务未发现违法违规记录", text);
    }

    [Fact]
    public async Task Corrected_record_appears_in_its_current_version()
    {
        // Policy (更正): corrections flow into later reports; the record row holds the current version.
        var s = await fixture.AddSubjectAsync("吕梁市更正测试有限公司");
        var record = await fixture.AddRecordAsync<PenaltyRecord>(s, "market-regulation", "C-1", new DateOnly(2024, 2, 2), r => r.FineFen = 30_000_000);
        await using (var db = fixture.Database.CreateContext())
        {
            var stored = Assert.IsType<PenaltyRecord>(await db.Records.FindAsync(record.Id));
            RecordHistory.Change(db, stored, new RecordProvenance(ChangeKind.Corrected, "unit", Channel.Api, ReportFixture.Now.UtcDateTime, "金额有误"), r =>
            {
                ((PenaltyRecord)r).FineFen = 10_000_000;
                r.Facts = "更正后的违法事实";
            });
            await db.SaveChangesAsync();
        }

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["市场监管"] });

        var shown = Assert.Single(report.Content.Domains.Single().Records);
        Assert.Equal(2, shown.Version);
        Assert.Equal(10_000_000, shown.FineFen);
        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("更正后的违法事实", text);
        Assert.Contains("10万元", text);
        Assert.DoesNotContain("30万元", text);
        Assert.Contains("第2版（已更正）", text);
    }

    [Fact]
    public async Task Each_chosen_domain_concludes_no_record_found_or_the_number_of_records()
    {
        var s = await fixture.AddSubjectAsync("阳泉市结论测试有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "taxation", "N-1", new DateOnly(2024, 1, 1));
        await fixture.AddRecordAsync<PenaltyRecord>(s, "taxation", "N-2", new DateOnly(2024, 2, 1));

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code, Domains = ["税务", "transport"] });

        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("税务发现违法违规记录2条", text);
        Assert.Contains("交通运输未发现违法违规记录", text);
        Assert.Equal(2, report.Content.Domains.Single(d => d.Code == "taxation").Records.Count);
        Assert.True(report.Content.Domains.Single(d => d.Code == "transport").Clean);
    }

    [Fact]
    public async Task Natural_person_never_has_the_full_id_number_shown_in_pdf_qr_or_stored_content()
    {
        // DATA-STANDARD: personal ID numbers are never printed in full, on a report or in a QR code.
        var person = await fixture.AddSubjectAsync("张三", naturalPerson: true);
        var id = fixture.IdNumberOf(person);
        await fixture.AddRecordAsync<PenaltyRecord>(person, "transport", "P-1", new DateOnly(2024, 4, 4),
            r => r.Facts = $"当事人张三（身份证号{id}）无证经营");

        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = id.ToLowerInvariant() });

        var text = PdfText.Compact(report.Pdf);
        Assert.DoesNotContain(id, text);
        Assert.Contains(CreditProof.Identifiers.ResidentId.Mask(id), text);
        Assert.DoesNotContain(id, report.QrText);
        Assert.DoesNotContain(id, PdfText.Utf8(report.Content.ToCanonicalJson()));
        Assert.DoesNotContain(id, PdfText.Utf8(QrPayload.EncodeClaims(QrPayload.Decode(report.QrText).Claims)));
        Assert.Contains("身份证件号码", text);
    }

    [Fact]
    public async Task Report_states_data_as_of_time_period_and_chosen_domains_and_never_presents_unchosen_domains_as_clean()
    {
        var s = await fixture.AddSubjectAsync("大同市未选领域有限公司");
        await fixture.AddRecordAsync<PenaltyRecord>(s, "taxation", "U-TAX", new DateOnly(2024, 1, 1));

        var report = await fixture.IssueAsync(new ReportRequest
        {
            SubjectCode = s.Code, Domains = ["市场监管"], From = new DateOnly(2023, 1, 1), To = new DateOnly(2025, 12, 31),
        });

        var text = PdfText.Compact(report.Pdf);
        Assert.Contains("数据截至：2026-11-2010:30:00", text);
        Assert.Contains("查询期间：2023-01-01至2025-12-31", text);
        Assert.Contains("1个领域：市场监管", text);
        Assert.Contains("未选择的39个领域未予查询，本报告不对其作出任何结论", text);
        // The unchosen domain with a record is neither listed as clean nor shown.
        Assert.DoesNotContain("税务", text);
        Assert.DoesNotContain("U-TAX", text);
        Assert.Equal(39, report.Content.DomainsNotChosen);
        Assert.False(report.Content.AllDomains);
        Assert.Equal(ReportFixture.Now.UtcDateTime, report.Content.DataAsOf);
        var claims = QrPayload.Decode(report.QrText).Claims;
        Assert.Single(claims.DomainIds);
    }

    [Fact]
    public async Task Default_request_covers_all_forty_domains_for_the_last_three_years()
    {
        var s = await fixture.AddSubjectAsync("晋中市默认请求有限公司");
        var report = await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code });
        Assert.Equal(40, report.Content.Domains.Count);
        Assert.True(report.Content.AllDomains);
        Assert.Equal(new DateOnly(2023, 11, 21), report.Content.From);
        Assert.Equal(new DateOnly(2026, 11, 20), report.Content.To);
        Assert.Contains("全部40个实施领域", PdfText.Compact(report.Pdf));
    }

    [Fact]
    public async Task Unknown_subject_gets_a_clear_message()
    {
        // Registered in Fujian: the report proves records within the province only (the register's rules, docs/reports.md).
        var outside = await Assert.ThrowsAsync<ReportRequestException>(() => fixture.IssueAsync(new ReportRequest { SubjectCode = "91350100M000100Y43" }));
        Assert.Equal("subject", outside.Field);
        Assert.Contains("不在本省", outside.MessageZh);
        Assert.Contains("outside this province", outside.MessageEn);
        var unknown = await Assert.ThrowsAsync<ReportRequestException>(() => fixture.IssueAsync(new ReportRequest
        {
            SubjectCode = CreditProof.Identifiers.CreditCode.Compose('9', '1', "140105", "MA0UNK01"),
        }));
        Assert.Equal("subject", unknown.Field);
        Assert.False(string.IsNullOrWhiteSpace(unknown.MessageEn));
    }

    [Fact]
    public async Task Issuance_is_refused_after_a_false_commitment_and_allowed_again_once_lifted()
    {
        var s = await fixture.AddSubjectAsync("朔州市承诺测试有限公司");
        await using var db = fixture.Database.CreateContext();
        var domain = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Domains, d => d.Code == "archives");
        var commitment = new CreditProof.Commitments.CreditCommitment
        {
            Id = Guid.NewGuid(), SubjectId = s.Id, DomainId = domain.Id, TextZh = "承诺", SignedBy = "test", Status = CreditProof.Commitments.CommitmentStatus.Broken,
        };
        db.Commitments.Add(commitment);
        var barred = new CreditProof.Commitments.Ineligibility { SubjectId = s.Id, CommitmentId = commitment.Id, Since = ReportFixture.Now.UtcDateTime };
        db.Ineligibilities.Add(barred);
        await db.SaveChangesAsync();

        var e = await Assert.ThrowsAsync<ReportRequestException>(() => fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code }));
        Assert.Contains("信用承诺经核查不实", e.MessageZh, StringComparison.Ordinal);
        Assert.Contains("申请复核", e.MessageZh, StringComparison.Ordinal);

        barred.LiftedAt = ReportFixture.Now.UtcDateTime;
        barred.LiftedBy = "operator";
        await db.SaveChangesAsync();
        Assert.NotNull((await fixture.IssueAsync(new ReportRequest { SubjectCode = s.Code })).Pdf);
    }
}
