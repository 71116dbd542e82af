using CreditProof.Identifiers;
using CreditProof.Platform;
using CreditProof.Subjects;
using static CreditProof.Tests.Subjects.RegisterTestKit;

namespace CreditProof.Tests.Subjects;

/// <summary>Prefix search of the service window and the operator, on both databases (binary order on each).</summary>
[Trait("Category", "Database")]
public sealed class SubjectSearchTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Name_and_code_prefixes_find_subjects_in_binary_order_and_stop_at_the_limit()
    {
        await using (var db = database.CreateContext())
        {
            foreach (var (tag, name) in new[] { ("SRA", "晋祠检索乙商贸有限公司"), ("SRB", "晋祠检索甲商贸有限公司"), ("SRC", "晋祠检索Z公司"), ("SRD", "晋祠检索a公司"), ("SRE", "晋祠检宝公司") })
                db.Subjects.Add(new Subject { Code = Code(tag), Name = name, Type = SubjectType.Enterprise, RegionCode = "140105", InRegister = true, RegisterStatus = RegisterStatus.Active });
            var person = new Subject { Code = "", Name = "晋祠检索人", Type = SubjectType.NaturalPerson, RegionCode = "140105", InRegister = true };
            database.Keys.Protect(person, ResidentId.Compose("140105", new DateOnly(1980, 1, 2), 123));
            db.Subjects.Add(person);
            await db.SaveChangesAsync();
        }

        await using var context = database.CreateContext();
        var directory = new SubjectDirectory(context, new PlatformClock(TimeProvider.System), new PlatformOptions(), database.Keys);

        var hits = await directory.SearchAsync("晋祠检索");
        // Code point order: 'Z' (U+005A) < 'a' (U+0061) < 乙 (U+4E59) < 人 (U+4EBA) < 甲 (U+7532).
        Assert.Equal(["晋祠检索Z公司", "晋祠检索a公司", "晋祠检索乙商贸有限公司", "晋祠检索人", "晋祠检索甲商贸有限公司"], hits.Select(h => h.Name));
        Assert.DoesNotContain(hits, h => h.Name == "晋祠检宝公司");
        // A natural person found by name shows the masked ID number only.
        Assert.Equal(ResidentId.Mask(ResidentId.Compose("140105", new DateOnly(1980, 1, 2), 123)), hits.Single(h => h.Name == "晋祠检索人").DisplayCode);

        Assert.Equal(2, (await directory.SearchAsync("晋祠检索", limit: 2)).Count);
        var byCode = await directory.SearchAsync(Code("SRA")[..12]);
        Assert.Contains(byCode, h => h.DisplayCode == Code("SRA"));
        Assert.Equal(byCode.Select(h => h.DisplayCode).Order(StringComparer.Ordinal), byCode.Select(h => h.DisplayCode));
        Assert.Equal(Code("SRB"), (await directory.SearchAsync(Code("SRB").ToLowerInvariant())).Single().DisplayCode);

        // A natural person is found by the full ID number only, never by a prefix.
        Assert.DoesNotContain(await directory.SearchAsync("14010519800102"), h => h.Type == SubjectType.NaturalPerson);
        Assert.Single(await directory.SearchAsync(ResidentId.Compose("140105", new DateOnly(1980, 1, 2), 123)));

        // Input neither database would take as a parameter answers nothing instead of an exception.
        Assert.Empty(await directory.SearchAsync("晋祠\uD800"));
        Assert.Empty(await directory.SearchAsync("   "));
    }

    [Fact]
    public async Task Subjects_of_the_same_name_come_back_in_code_order()
    {
        // Issue 17: the window's search had no stable order among equal names.
        await using (var db = database.CreateContext())
        {
            foreach (var tag in new[] { "SZC", "SZA", "SZB" })
                db.Subjects.Add(new Subject { Code = Code(tag), Name = "同名检索商贸有限公司", Type = SubjectType.Enterprise, RegionCode = "140105", InRegister = true, RegisterStatus = RegisterStatus.Active });
            await db.SaveChangesAsync();
        }

        await using var context = database.CreateContext();
        var directory = new SubjectDirectory(context, new PlatformClock(TimeProvider.System), new PlatformOptions(), database.Keys);
        var hits = await directory.SearchAsync("同名检索");
        Assert.Equal(new[] { Code("SZA"), Code("SZB"), Code("SZC") }.Order(StringComparer.Ordinal), hits.Select(h => h.DisplayCode));
    }

    [Theory]
    [InlineData("abc", "abd")]
    [InlineData("晋祠", "晋祡")]
    [InlineData("a\U0010FFFF", "b")]
    [InlineData("\U0010FFFF", null)]
    [InlineData("a\U0001F600", "a\U0001F601")]
    [InlineData("a\uD7FF", "a\uE000")]
    public void The_successor_bounds_every_string_with_the_prefix(string prefix, string? expected)
    {
        Assert.Equal(expected, SubjectDirectory.Successor(prefix));
        if (expected is not null)
        {
            Assert.True(string.CompareOrdinal(prefix + "\U0010FFFF", expected) < 0 || expected.Length < prefix.Length);
            Assert.True(string.CompareOrdinal(prefix, expected) < 0);
        }
    }
}
