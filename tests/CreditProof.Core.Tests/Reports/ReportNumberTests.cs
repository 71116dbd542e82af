using CreditProof.Reports;

namespace CreditProof.Tests.Reports;

public sealed class ReportNumberTests
{
    [Fact]
    public void New_numbers_and_codes_parse_back_with_their_check_character()
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = ReportNumbers.NewNumber();
            Assert.Equal(16, number.Length);
            Assert.Equal(number, ReportNumbers.ParseNumber(ReportNumbers.FormatNumber(number).ToLowerInvariant()));
            var code = ReportNumbers.NewVerificationCode();
            Assert.Equal(9, code.Length);
            Assert.Equal(code, ReportNumbers.ParseCode(ReportNumbers.FormatCode(code)));
        }
    }

    [Fact]
    public void Every_single_character_substitution_is_detected()
    {
        var number = ReportNumbers.NewNumber();
        for (var position = 0; position < number.Length; position++)
        {
            foreach (var c in ReportNumbers.Alphabet)
            {
                if (c == number[position])
                    continue;
                var typo = string.Concat(number.AsSpan(0, position), c.ToString(), number.AsSpan(position + 1));
                Assert.Null(ReportNumbers.ParseNumber(typo));
            }
        }
    }

    [Fact]
    public void Every_swap_of_neighbouring_characters_is_detected()
    {
        for (var round = 0; round < 200; round++)
        {
            var number = ReportNumbers.NewNumber();
            for (var i = 0; i < number.Length - 1; i++) // the check symbol included
            {
                if (number[i] == number[i + 1])
                    continue;
                var chars = number.ToCharArray();
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                Assert.Null(ReportNumbers.ParseNumber(new string(chars)));
            }
        }
    }

    [Fact]
    public void Typing_o_for_zero_and_i_or_l_for_one_is_forgiven()
    {
        var number = "000000000011111";
        var full = number + ReportNumbers.CheckCharacter(number);
        Assert.Equal(full, ReportNumbers.ParseNumber("oooo-oooo-ooIl-IlI" + full[^1]));
    }

    [Fact]
    public void Numbers_are_not_sequential()
    {
        var numbers = Enumerable.Range(0, 2000).Select(_ => ReportNumbers.NewNumber()).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct(StringComparer.Ordinal).Count());
        Assert.NotEqual(numbers.Order(StringComparer.Ordinal), numbers);
    }
}
