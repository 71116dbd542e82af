using CreditProof.Records;
using CreditProof.Repairs;
using CreditProof.Storage;

namespace CreditProof.Tests.Repairs;

public sealed class PublicityPeriodsTests
{
    private static readonly PublicityPeriods Periods = new(ReferenceDataLoader.ShippedPublicityRules().ToList());

    private static PenaltyRecord Penalty(DateOnly decided, Severity severity = Severity.Unknown, Procedure procedure = Procedure.Ordinary) =>
        new() { SubjectName = "测试", DocumentNumber = "晋市监罚〔2024〕1号", DecisionDate = decided, Severity = severity, Procedure = procedure, DomainId = 6 };

    [Fact]
    public void A_general_penalty_under_order_58_may_be_repaired_after_three_months_and_ends_after_a_year()
    {
        var window = Periods.WindowFor(Penalty(new DateOnly(2024, 3, 5), Severity.General))!;
        Assert.Equal("国家发展改革委令第58号", window.Rule.Regime);
        Assert.Equal(new DateOnly(2024, 6, 5), window.RepairAllowedFrom);
        Assert.Equal(new DateOnly(2025, 3, 5), window.PublicityEnds);
    }

    [Fact]
    public void A_serious_penalty_under_order_58_needs_one_year_and_ends_after_three()
    {
        var window = Periods.WindowFor(Penalty(new DateOnly(2023, 5, 1), Severity.Serious))!;
        Assert.Equal(new DateOnly(2024, 5, 1), window.RepairAllowedFrom);
        Assert.Equal(new DateOnly(2026, 5, 1), window.PublicityEnds);
    }

    [Fact]
    public void A_serious_penalty_before_order_58_follows_the_2019_rule_of_six_months()
    {
        var window = Periods.WindowFor(Penalty(new DateOnly(2023, 4, 30), Severity.Serious))!;
        Assert.Equal("发改办财金〔2019〕527号", window.Rule.Regime);
        Assert.Equal(new DateOnly(2023, 10, 30), window.RepairAllowedFrom);
    }

    [Fact]
    public void A_simplified_procedure_penalty_is_minor_and_not_published_under_order_58()
    {
        var window = Periods.WindowFor(Penalty(new DateOnly(2025, 1, 10), procedure: Procedure.Simplified))!;
        Assert.False(window.IsPublished);
        Assert.Equal(new DateOnly(2025, 1, 10), window.PublicityEnds);
    }

    [Fact]
    public void A_minor_penalty_under_order_36_is_published_at_most_three_months()
    {
        var window = Periods.WindowFor(Penalty(new DateOnly(2026, 4, 1), Severity.Minor))!;
        Assert.Equal("国家发展改革委令第36号 国办发〔2025〕22号", window.Rule.Regime);
        Assert.False(window.IsPublished);
        Assert.Equal(new DateOnly(2026, 7, 1), window.PublicityEnds);
    }

    [Fact]
    public void A_general_penalty_under_order_36_keeps_three_months_to_one_year()
    {
        var window = Periods.WindowFor(Penalty(new DateOnly(2026, 6, 15), Severity.General))!;
        Assert.Equal(new DateOnly(2026, 9, 15), window.RepairAllowedFrom);
        Assert.Equal(new DateOnly(2027, 6, 15), window.PublicityEnds);
    }

    [Fact]
    public void A_domain_specific_rule_wins_over_the_general_one()
    {
        var rules = ReferenceDataLoader.ShippedPublicityRules().ToList();
        rules.Add(new PublicityRule { Regime = "测试领域规则", RegimeFrom = new DateOnly(2023, 5, 1), DomainId = 6, Severity = Severity.General, Published = true, MinimumMonths = 6, MaximumMonths = 24 });
        var window = new PublicityPeriods(rules).WindowFor(Penalty(new DateOnly(2024, 1, 1), Severity.General))!;
        Assert.Equal("测试领域规则", window.Rule.Regime);
        Assert.Equal(new DateOnly(2024, 7, 1), window.RepairAllowedFrom);
    }

    [Fact]
    public void A_decision_before_every_regime_has_no_window()
    {
        Assert.Null(Periods.WindowFor(Penalty(new DateOnly(2018, 1, 1), Severity.General)));
    }
}
