using CreditProof.Domains;
using CreditProof.Platform;
using CreditProof.Reports;
using CreditProof.Storage;

namespace CreditProof.Tests.Reports;

public sealed class ReportRequestRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly ReportOptions Options = new();
    private static readonly DateOnly CollectionStart = new PlatformOptions().CollectionStart;
    private static readonly IReadOnlyList<CreditDomain> Domains = ReferenceDataLoader.ShippedDomains().Select((d, i) => { d.Id = i + 1; return d; }).ToList();

    [Fact]
    public void Default_period_is_the_last_three_years_up_to_today()
    {
        Assert.Equal(new ReportPeriod(new DateOnly(2023, 11, 21), Today), ReportRequestRules.Period(null, null, Today, Options, CollectionStart));
    }

    [Fact]
    public void Default_period_is_clipped_to_the_collection_start()
    {
        var today = new DateOnly(2024, 3, 1);
        // Shortened, and the asked start kept so that the form and the report can say so.
        Assert.Equal(new ReportPeriod(new DateOnly(2022, 8, 1), today) { AskedFrom = new DateOnly(2021, 3, 2) }, ReportRequestRules.Period(null, null, today, Options, CollectionStart));
        Assert.Equal(ReportRequestRules.LastYears(today, 3, CollectionStart), ReportRequestRules.Period(null, null, today, Options, CollectionStart));
        Assert.Null(ReportRequestRules.Period(new DateOnly(2022, 8, 1), null, today, Options, CollectionStart).AskedFrom);
    }

    [Fact]
    public void Period_starting_before_collection_start_is_rejected_with_the_start_date()
    {
        var e = Assert.Throws<ReportRequestException>(() => ReportRequestRules.Period(new DateOnly(2022, 7, 31), null, Today, Options, CollectionStart));
        Assert.Contains("2022-08-01", e.MessageZh);
        Assert.Equal("from", e.Field);
    }

    [Fact]
    public void Period_ending_after_today_is_rejected()
    {
        var e = Assert.Throws<ReportRequestException>(() => ReportRequestRules.Period(null, Today.AddDays(1), Today, Options, CollectionStart));
        Assert.Equal("to", e.Field);
    }

    [Fact]
    public void Period_longer_than_five_years_is_rejected_and_exactly_five_is_accepted()
    {
        var start = new DateOnly(2015, 1, 1);
        var options = new ReportOptions();
        Assert.Throws<ReportRequestException>(() => ReportRequestRules.Period(new DateOnly(2020, 1, 1), new DateOnly(2025, 1, 1), Today, options, start));
        Assert.Equal(new ReportPeriod(new DateOnly(2020, 1, 1), new DateOnly(2024, 12, 31)), ReportRequestRules.Period(new DateOnly(2020, 1, 1), new DateOnly(2024, 12, 31), Today, options, start));
    }

    [Fact]
    public void Start_after_end_is_rejected()
    {
        Assert.Throws<ReportRequestException>(() => ReportRequestRules.Period(new DateOnly(2025, 1, 2), new DateOnly(2025, 1, 1), Today, Options, CollectionStart));
    }

    [Fact]
    public void Window_and_maximum_are_configuration()
    {
        var start = new DateOnly(2024, 1, 1);
        var options = new ReportOptions { MaxPeriodYears = 1, DefaultPeriodYears = 1 };
        Assert.Equal(new ReportPeriod(new DateOnly(2025, 11, 21), Today), ReportRequestRules.Period(null, null, Today, options, start));
        Assert.Throws<ReportRequestException>(() => ReportRequestRules.Period(new DateOnly(2024, 1, 1), Today, Today, options, start));
    }

    [Fact]
    public void Domains_may_be_named_by_code_or_chinese_name_in_any_order()
    {
        var chosen = ReportRequestRules.Domains(ReportRequest.SplitDomains("税务，market-regulation、 Taxation"), Domains, Today);
        Assert.Equal(["市场监管", "税务"], chosen.Select(d => d.NameZh));
    }

    [Fact]
    public void Unknown_domains_are_named_in_the_message()
    {
        var e = Assert.Throws<ReportRequestException>(() => ReportRequestRules.Domains(["税务", "星际旅行"], Domains, Today));
        Assert.Contains("星际旅行", e.MessageZh);
        Assert.Contains("星际旅行", e.MessageEn);
    }

    [Fact]
    public void Domains_not_yet_covered_or_not_yet_effective_cannot_be_chosen()
    {
        var domains = Domains.Select(d => new CreditDomain
        {
            Id = d.Id, Code = d.Code, NameZh = d.NameZh, NameEn = d.NameEn, SortOrder = d.SortOrder,
            EffectiveFrom = d.Code == "audit" ? Today.AddDays(1) : d.EffectiveFrom, IsCovered = d.Code != "sport",
        }).ToList();
        Assert.Equal(38, ReportRequestRules.Domains(null, domains, Today).Count);
        Assert.Contains("体育", Assert.Throws<ReportRequestException>(() => ReportRequestRules.Domains(["sport"], domains, Today)).MessageZh);
        Assert.Throws<ReportRequestException>(() => ReportRequestRules.Domains(["审计"], domains, Today));
    }

    [Fact]
    public void Named_purposes_are_described_in_chinese_and_free_text_is_kept()
    {
        Assert.Equal("招标投标", ReportPurposes.Describe("bidding"));
        Assert.Equal("银行授信", ReportPurposes.Describe(" 银行授信 "));
        Assert.Null(ReportPurposes.Describe(" "));
    }
}
