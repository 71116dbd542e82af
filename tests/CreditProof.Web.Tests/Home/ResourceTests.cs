using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CreditProof.Web.Tests.Home;

/// <summary>Every UI string is in both languages, and every key the pages name exists.</summary>
public sealed partial class ResourceTests
{
    private static readonly string WebProject = Path.Combine(RepositoryRoot(), "src", "CreditProof.Web");

    [Fact]
    public void The_chinese_and_english_resources_have_the_same_keys()
    {
        var chinese = Keys("SharedResource.resx");
        var english = Keys("SharedResource.en.resx");
        Assert.Empty(chinese.Except(english));
        Assert.Empty(english.Except(chinese));
    }

    [Fact]
    public void Every_literal_key_the_pages_use_exists()
    {
        var keys = Keys("SharedResource.resx");
        var used = Directory.EnumerateFiles(WebProject, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();
        Assert.NotEmpty(used);
        var missing = used.Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "Resource keys used but not defined: " + string.Join(", ", missing));
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data").Select(e => (string)e.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreditProof.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("CreditProof.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>T["Key"]</c>, <c>T["Key", arg]</c> and <c>localizer["Key"]</c> with a literal key.</summary>
    [GeneratedRegex("""\b(?:T|localizer)\["([A-Za-z][A-Za-z0-9_]*)"[\],]""")]
    private static partial Regex KeyUse();
}
