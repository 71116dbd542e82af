using System.Text;
using CreditProof.Accounts;
using CreditProof.Identifiers;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Cli;

[Trait("Category", "Database")]
public sealed class CliTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("cp_cli_").FullName;

    [Fact]
    public async Task Code_check_accepts_a_valid_credit_code_and_names_its_type_and_region()
    {
        var result = await Run("code", "check", "914403001922038216");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid", result.Output, StringComparison.Ordinal);
        Assert.Contains("企业", result.Output, StringComparison.Ordinal);
        Assert.Contains("深圳市", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_check_rejects_a_wrong_check_character_and_says_which_is_expected()
    {
        var result = await Run("code", "check", "914403001922038217");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid", result.Output, StringComparison.Ordinal);
        Assert.Contains("should be '6', found '7'", result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_check_never_prints_a_full_id_number()
    {
        var result = await Run("code", "check", "11010519491231002X");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("110105********002X", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("19491231", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Units_import_registers_units_by_chinese_headers_and_domain_names()
    {
        var code = CreditCode.Compose('1', '1', "140100", "19990001");
        var file = Write("units.csv", $"统一社会信用代码,名称,领域,行政区划\n{code},太原市测试局,市场监管,140100\n");
        var result = await Run("units", "import", file);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("1 added", result.Output, StringComparison.Ordinal);

        await using var db = database.CreateContext();
        var unit = await db.Units.Include(u => u.Domain).SingleAsync(u => u.CreditCode == code);
        Assert.Equal("market-regulation", unit.Domain.Code);

        var again = await Run("units", "import", file);
        Assert.Contains("1 unchanged", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Units_import_rejects_the_whole_file_and_names_row_column_and_reason()
    {
        var good = CreditCode.Compose('1', '1', "140200", "19990002");
        var file = Write("bad-units.csv", $"code,name,domain,region\n{good},大同市测试局,taxation,140200\n111402001999000399,坏单位,不存在的领域,999999\n");
        var result = await Run("units", "import", file);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 3, column code", result.Error, StringComparison.Ordinal);
        Assert.Contains("row 3, column domain", result.Error, StringComparison.Ordinal);
        Assert.Contains("row 3, column region", result.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", result.Error, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.False(await db.Units.AnyAsync(u => u.CreditCode == good));
    }

    [Fact]
    public async Task Subjects_show_masks_a_natural_persons_id_number()
    {
        const string Id = "11010519491231002X";
        await using (var db = database.CreateContext())
        {
            var key = database.Keys.StorageCode(Id);
            if (!await db.Subjects.AnyAsync(s => s.Code == key))
            {
                var person = new Subject { Id = Guid.NewGuid(), Code = "", Name = "张三", Type = SubjectType.NaturalPerson, RegionCode = "110105" };
                database.Keys.Protect(person, Id);
                db.Subjects.Add(person);
                await db.SaveChangesAsync();
            }
        }

        var result = await Run("subjects", "show", Id);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("张三", result.Output, StringComparison.Ordinal);
        Assert.Contains("110105********002X", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Id, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (var command in new[] { "db", "demo", "units", "subjects", "code" })
        {
            var result = await Run(command, "--help");
            Assert.True(result.ExitCode == 0, $"{command} --help: {result.Error}");
            Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files left behind never fail a test.
        }
    }

    [Fact]
    public async Task Staff_disable_disables_the_account_and_gives_it_a_new_security_stamp()
    {
        var account = new StaffAccount { UserName = "cli-window-" + Guid.NewGuid().ToString("N")[..6], DisplayName = "窗口", Role = StaffRole.WindowStaff, PasswordHash = "x" };
        await using (var db = database.CreateContext())
        {
            db.StaffAccounts.Add(account);
            await db.SaveChangesAsync();
        }

        var result = await Run("staff", "disable", account.UserName);

        Assert.Equal(0, result.ExitCode);
        await using var after = database.CreateContext();
        var stored = await after.StaffAccounts.SingleAsync(a => a.Id == account.Id);
        Assert.True(stored.Disabled);
        Assert.NotEqual(account.SecurityStamp, stored.SecurityStamp);
        Assert.Equal(1, (await Run("staff", "disable", "no-such-user")).ExitCode);
    }

    [Fact]
    public async Task Staff_add_binds_unit_staff_to_their_unit_checks_the_password_and_list_shows_the_account()
    {
        var user = "cli-unit-" + Guid.NewGuid().ToString("N")[..6];
        string unitCode;
        await using (var db = database.CreateContext())
            unitCode = (await TestData.UnitAsync(db)).CreditCode;

        var weak = await CliRunner.RunWithInputAsync(database.Settings, _workingDirectory, "password1234", "staff", "add", user, "--name", "科员", "--role", "unit", "--unit", unitCode);
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("太常见", weak.Error + weak.Output, StringComparison.Ordinal);
        var unbound = await CliRunner.RunWithInputAsync(database.Settings, _workingDirectory, "a long unit staff passphrase", "staff", "add", user, "--name", "科员", "--role", "unit");
        Assert.Equal(1, unbound.ExitCode);

        Assert.Equal(0, (await CliRunner.RunWithInputAsync(database.Settings, _workingDirectory, "a long unit staff passphrase", "staff", "add", user, "--name", "科员", "--role", "unit", "--unit", unitCode)).ExitCode);
        await using (var db = database.CreateContext())
        {
            var account = await db.StaffAccounts.SingleAsync(a => a.UserName == user);
            Assert.Equal(await db.Units.Where(u => u.CreditCode == unitCode).Select(u => (int?)u.Id).SingleAsync(), account.UnitId);
            Assert.True(PasswordHashing.Verify("a long unit staff passphrase", account.PasswordHash));
        }

        Assert.Equal(0, (await CliRunner.RunWithInputAsync(database.Settings, _workingDirectory, "another long passphrase", "staff", "reset", user)).ExitCode);
        Assert.Contains(user, (await Run("staff", "list")).Output, StringComparison.Ordinal);
    }

    private Task<CliRunner.Result> Run(params string[] args) => CliRunner.RunAsync(database.Settings, _workingDirectory, args);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_workingDirectory, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
