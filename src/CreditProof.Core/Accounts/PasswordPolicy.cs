namespace CreditProof.Accounts;

/// <summary>
/// Staff passwords, after NIST SP 800-63B (§3.1.1.2, rev. 4): at least 12 characters and at most 128, every printable
/// character and space allowed, no composition rules (they make passwords predictable, not strong), and refused when
/// the password is or contains the user name, or is on a small embedded list of commonly used and context-specific
/// passwords (<c>Accounts/common-passwords.txt</c>). Passwords do not expire; they change when compromised (reset).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <summary>Null when acceptable, else why not, in Chinese and English.</summary>
    public static (string Zh, string En)? Problem(string password, string userName)
    {
        if (password.Length < MinLength)
            return ($"密码至少{MinLength}位", $"a password needs at least {MinLength} characters");
        if (password.Length > MaxLength)
            return ($"密码最多{MaxLength}位", $"a password has at most {MaxLength} characters");
        if (password.Any(char.IsControl))
            return ("密码不能包含控制字符", "a password cannot contain control characters");
        var name = userName.Trim();
        if (name.Length > 0 && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            return ("密码不能包含用户名", "a password cannot contain the user name");
        if (Common.Value.Contains(password.Trim()) || password.Distinct().Count() < 3)
            return ("这个密码太常见、容易被猜到，请换一个（可以用几个词组成的短语）", "this password is too common and easy to guess; choose another (a phrase of several words works well)");
        return null;
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("CreditProof.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list of common passwords is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#')
                set.Add(line.Trim());
        return set;
    }
}
