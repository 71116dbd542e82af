using CreditProof.Subjects;
using CreditProof.Tests.Cli;
using Microsoft.EntityFrameworkCore;
using static CreditProof.Tests.Subjects.RegisterTestKit;

namespace CreditProof.Tests.Subjects;

/// <summary>Runs <c>creditproof subjects import</c> and <c>report issue</c> as an operator would.</summary>
[Trait("Category", "Database")]
public sealed class RegisterCliTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("cp_register_cli_").FullName;

    [Fact]
    public async Task Subjects_import_exits_0_when_every_row_is_accepted_1_when_some_are_rejected_and_2_when_the_file_cannot_be_read()
    {
        var good = Write("good.csv", string.Join("\n", ChineseHeader, $"{Code("CL1")},命令行导入有限公司,企业,140105,2012-12-12,存续,"));
        var some = Write("some.csv", string.Join("\n", EnglishHeader, $"{Code("CL2")},命令行二有限公司,企业,140105,,存续,", $"{Code("CL3")},外省有限公司,企业,310101,,存续,"));
        var unreadable = Write("nothing.csv", "just,some,words\n");

        var ok = await Run("subjects", "import", good, "--by", "11140000MB1234562G");
        var partly = await Run("subjects", "import", some);
        var broken = await Run("subjects", "import", unreadable);
        var missing = await Run("subjects", "import", Path.Combine(_workingDirectory, "absent.csv"));
        var again = await Run("subjects", "import", good);

        Assert.True(ok.ExitCode == 0, ok.Output + ok.Error);
        Assert.Equal(1, partly.ExitCode);
        Assert.Contains(".errors.csv", partly.Output, StringComparison.Ordinal);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("统一社会信用代码", broken.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("未变 unchanged 1", again.Output, StringComparison.Ordinal);
        var shown = await Run("subjects", "show", Code("CL1"));
        Assert.Contains("存续", shown.Output, StringComparison.Ordinal);
        var found = await Run("subjects", "search", "命令行导入");
        Assert.Contains(Code("CL1"), found.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_issue_serves_a_registered_clean_subject_and_refuses_with_the_reason_outside_unknown_invalid_and_deregistered_codes()
    {
        var clean = Code("RPT1");
        var revoked = Code("RPT2");
        var gone = Code("RPT3");
        Assert.Equal(0, (await Run("subjects", "import", Write("r.csv", string.Join("\n", EnglishHeader,
            $"{clean},清白合作有限公司,企业,140105,2015-05-05,存续,", $"{revoked},吊销示例有限公司,企业,140105,2015-05-05,吊销,", $"{gone},注销示例有限公司,企业,140105,2015-05-05,注销,")))).ExitCode);
        Assert.Equal(0, (await Run("keys", "create")).ExitCode);

        var issued = await Run("report", "issue", "--subject", clean, "--domains", "市场监管,税务");
        var issuedRevoked = await Run("report", "issue", "--subject", revoked, "--domains", "市场监管");
        var outside = await Run("report", "issue", "--subject", "914403001922038216");
        var unknown = await Run("report", "issue", "--subject", Code("RPT9"));
        var invalid = await Run("report", "issue", "--subject", clean[..17] + (clean[17] == '0' ? '1' : '0'));
        var deregistered = await Run("report", "issue", "--subject", gone);

        Assert.True(issued.ExitCode == 0, issued.Output + issued.Error);
        Assert.Contains("\"records\": 0", issued.Output, StringComparison.Ordinal);
        Assert.True(issuedRevoked.ExitCode == 0, issuedRevoked.Error);
        Assert.Equal(1, outside.ExitCode);
        Assert.Contains("不在本省", outside.Error, StringComparison.Ordinal);
        Assert.Contains("outside this province", outside.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("不在本省主体库中", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("check", invalid.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, deregistered.ExitCode);
        Assert.Contains("注销", deregistered.Error, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        Assert.Equal(2, await db.IssuedReports.CountAsync());
        Assert.True(await db.Subjects.AnyAsync(s => s.Code == gone && s.RegisterStatus == RegisterStatus.Deregistered));
    }

    private Task<CliRunner.Result> Run(params string[] args) => CliRunner.RunAsync(database.Settings, _workingDirectory, args);
}
