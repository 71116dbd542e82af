using CreditProof.Accounts;

namespace CreditProof.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("short pass", "至少12位")]
    [InlineData("Password1234", "太常见")]
    [InlineData("creditproof2026", "太常见")]
    [InlineData("aaaaaaaaaaaaaaaa", "太常见")]
    [InlineData("my-Zhang.Wei-login", "用户名")]
    public void Weak_passwords_are_refused_with_the_reason(string password, string reason) =>
        Assert.Contains(reason, PasswordPolicy.Problem(password, "zhang.wei")!.Value.Zh, StringComparison.Ordinal);

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("alllowercaseletters")]
    [InlineData("晋阳湖边的柳树今年发芽得很早")]
    public void Long_uncommon_passwords_pass_without_composition_rules(string password) =>
        Assert.Null(PasswordPolicy.Problem(password, "zhang.wei"));
}
