using CreditProof.Identifiers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CreditProof.Tests.Identifiers;

public sealed class ResidentIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("440524188001010014")]
    [InlineData("11010519491231002x")]
    public void Known_real_numbers_are_valid(string id)
    {
        var check = ResidentId.Check(id, Today);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(id.ToUpperInvariant(), check.Normalized);
    }

    [Theory]
    [InlineData("110105194912310021", "check character")]
    [InlineData("110105194913310021", "birth date")]
    [InlineData("110105203012310021", "birth date")]
    [InlineData("990105194912310021", "province code")]
    [InlineData("110105491231002", "15-digit")]
    [InlineData("1101051949123100A2", "digit")]
    public void Invalid_numbers_say_why(string id, string reason)
    {
        var check = ResidentId.Check(id, Today);
        Assert.False(check.IsValid);
        Assert.Contains(reason, check.ProblemEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Masking_hides_birth_date_and_sequence()
    {
        Assert.Equal("110105********002X", ResidentId.Mask("11010519491231002X"));
    }

    [Fact]
    public void Masking_free_text_hides_every_id_number_and_leaves_credit_codes()
    {
        var text = "当事人 11010519491231002X（法定代表人 440524188001010014），单位代码 91330100799655058B";
        var masked = ResidentId.MaskAll(text);
        Assert.DoesNotContain("19491231", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("18800101", masked, StringComparison.Ordinal);
        Assert.Contains("110105********002X", masked, StringComparison.Ordinal);
        Assert.Contains("91330100799655058B", masked, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property Every_generated_number_is_valid_and_every_single_digit_change_fails() =>
        Prop.ForAll(ValidIds(), Gen.Choose(0, 17).ToArbitrary(), Gen.Elements("0123456789X".ToCharArray()).ToArbitrary(),
            (id, position, replacement) =>
            {
                if (!ResidentId.Check(id, Today).IsValid)
                    return false;
                if (id[position] == replacement || (replacement == 'X' && position < 17))
                    return true;
                var changed = id.ToCharArray();
                changed[position] = replacement;
                return !ResidentId.Check(new string(changed), Today).IsValid;
            });

    private static Arbitrary<string> ValidIds()
    {
        var regions = new[] { "140105", "140202", "140781", "141002", "110105", "440524" };
        var gen =
            from region in Gen.Elements(regions)
            from days in Gen.Choose(0, 36_000)
            from sequence in Gen.Choose(0, 999)
            select ResidentId.Compose(region, new DateOnly(1925, 1, 1).AddDays(days), sequence);
        return gen.ToArbitrary();
    }
}
