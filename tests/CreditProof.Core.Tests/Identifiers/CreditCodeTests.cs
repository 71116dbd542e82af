using CreditProof.Identifiers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CreditProof.Tests.Identifiers;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("914403001922038216", SubjectType.Enterprise, "440300")]
    [InlineData("9144030071526726XG", SubjectType.Enterprise, "440300")]
    [InlineData("91330100799655058B", SubjectType.Enterprise, "330100")]
    [InlineData("911100007109250324", SubjectType.Enterprise, "110000")]
    [InlineData("91350100M000100Y43", SubjectType.Enterprise, "350100")]
    public void Known_real_codes_are_valid(string code, SubjectType type, string region)
    {
        var check = CreditCode.Check(code);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(type, CreditCode.SubjectTypeOf(code));
        Assert.Equal(region, CreditCode.RegionOf(code));
    }

    [Fact]
    public void Lower_case_input_is_normalised()
    {
        var check = CreditCode.Check(" 9144030071526726xg ");
        Assert.True(check.IsValid);
        Assert.Equal("9144030071526726XG", check.Normalized);
    }

    [Fact]
    public void Wrong_check_character_names_the_expected_one()
    {
        var check = CreditCode.Check("914403001922038217");
        Assert.False(check.IsValid);
        Assert.Equal(18, check.Position);
        Assert.Contains("'6'", check.ProblemEn, StringComparison.Ordinal);
        Assert.Contains("校验码", check.ProblemZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("91440300192203821", "18 characters")]
    [InlineData("9144030019220382I6", "alphabet")]
    [InlineData("Z14403001922038216", "alphabet")]
    [InlineData("98440300192203821X", "registration authority")]
    [InlineData("9144A3001922038216", "division code")]
    [InlineData("919903001922038216", "province code")]
    public void Malformed_codes_say_why(string code, string reason)
    {
        var check = CreditCode.Check(code);
        Assert.False(check.IsValid);
        Assert.Contains(reason, check.ProblemEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_organisation_code_check_is_reported_at_position_17()
    {
        // Same body as 914403001922038216 with position 17 changed and position 18 recomputed.
        var first16 = "9144030019220382";
        var bad17 = first16 + "0";
        var code = bad17 + CreditCode.CheckCharacter(bad17);
        var check = CreditCode.Check(code);
        Assert.False(check.IsValid);
        Assert.Equal(17, check.Position);
    }

    [Theory]
    [InlineData("92140105MA0H123456", SubjectType.IndividualBusiness)]
    [InlineData("93140105MA0H123456", SubjectType.FarmerCooperative)]
    [InlineData("12140000MA0H123456", SubjectType.PublicInstitution)]
    [InlineData("51140000MA0H123456", SubjectType.SocialOrganisation)]
    [InlineData("11140000MA0H123456", SubjectType.GovernmentAgency)]
    [InlineData("N2140105MA0H123456", SubjectType.RuralCollective)]
    public void Subject_type_follows_positions_one_and_two(string template, SubjectType expected)
    {
        var code = CreditCode.Compose(template[0], template[1], template[2..8], template.AsSpan(8, 8));
        Assert.True(CreditCode.IsValid(code));
        Assert.Equal(expected, CreditCode.SubjectTypeOf(code));
    }

    [Property(MaxTest = 300)]
    public Property Every_generated_code_is_valid() =>
        Prop.ForAll(ValidCodes(), code => CreditCode.Check(code).IsValid);

    [Property(MaxTest = 300)]
    public Property Every_single_character_change_is_detected() =>
        Prop.ForAll(ValidCodes(), Gen.Choose(0, 17).ToArbitrary(), Gen.Elements(CreditCode.Alphabet.ToCharArray()).ToArbitrary(),
            (code, position, replacement) =>
            {
                if (code[position] == replacement)
                    return true;
                var changed = code.ToCharArray();
                changed[position] = replacement;
                return !CreditCode.Check(new string(changed)).IsValid;
            });

    private static Arbitrary<string> ValidCodes()
    {
        var prefixes = new[] { "91", "92", "93", "12", "51", "52", "53", "11", "N1", "Y1" };
        var regions = new[] { "140100", "140105", "140200", "140700", "140802", "141000", "440300", "110000", "350100" };
        var organisationChars = "0123456789ABCDEFGHJKLMNPQRTUWXY".ToCharArray();
        var gen =
            from prefix in Gen.Elements(prefixes)
            from region in Gen.Elements(regions)
            from body in Gen.ArrayOf(Gen.Elements(organisationChars), 8)
            let code = CreditCode.Compose(prefix[0], prefix[1], region, body)
            where CreditCode.Alphabet.Contains(code[16], StringComparison.Ordinal)
            select code;
        return gen.ToArbitrary();
    }
}
