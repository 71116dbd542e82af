using CreditProof.Identifiers;

namespace CreditProof.Tests.Identifiers;

public sealed class SubjectCodeValidatorTests
{
    private static readonly TimeProvider Time = new FixedTime(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_id_number_is_a_natural_person_in_its_birth_region()
    {
        var result = SubjectCodeValidator.Strict(Time).Check("11010519491231002X");
        Assert.True(result.IsValid);
        Assert.Equal(SubjectType.NaturalPerson, result.Type);
        Assert.Equal("110105", result.RegionCode);
    }

    [Fact]
    public void An_all_digit_credit_code_is_an_enterprise()
    {
        var result = SubjectCodeValidator.Strict(Time).Check("914403001922038216");
        Assert.Equal(SubjectType.Enterprise, result.Type);
    }

    [Fact]
    public void A_legal_code_that_fails_the_check_passes_only_when_allow_listed()
    {
        const string PilotCode = "91350200MA2XYZ1234";
        Assert.False(SubjectCodeValidator.Strict(Time).Check(PilotCode).IsValid);

        var allowed = new SubjectCodeValidator(new HashSet<string> { PilotCode }, Time).Check(PilotCode);
        Assert.True(allowed.IsValid);
        Assert.True(allowed.AllowListed);
        Assert.Equal("350200", allowed.RegionCode);
    }

    [Fact]
    public void A_hint_of_natural_person_rejects_a_credit_code()
    {
        var result = SubjectCodeValidator.Strict(Time).Check("914403001922038216", SubjectKindHint.NaturalPerson);
        Assert.False(result.IsValid);
    }
}
