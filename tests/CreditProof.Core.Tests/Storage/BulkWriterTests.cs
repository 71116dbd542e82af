using System.Data.Common;
using CreditProof.Identifiers;
using CreditProof.Storage;
using CreditProof.Subjects;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Storage;

[Trait("Category", "Database")]
public sealed class BulkWriterTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTime CreatedAt = new(2026, 11, 28, 10, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public async Task After_the_connection_is_reopened_rows_join_the_new_connections_transaction_and_read_back_as_written()
    {
        var written = Subjects("REOPEN", 5);
        await using (var db = database.CreateContext())
        {
            using var writer = BulkWriter.For(db);
            Assert.Equal(3, await writer.WriteAsync(written.Take(3)));
            await db.Database.CloseConnectionAsync();
            await using (await db.Database.BeginTransactionAsync())
                Assert.Equal(1, await writer.WriteAsync(Subjects("REOPENRB", 1)));
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(2, await writer.WriteAsync(written.Skip(3)));
            await transaction.CommitAsync();
        }

        await using var check = database.CreateContext();
        var stored = await check.Subjects.AsNoTracking().Where(s => s.Code.StartsWith("REOPEN")).OrderBy(s => s.Code).ToListAsync();
        Assert.Equal(written.Select(s => (s.Id, s.Code, s.Name, s.Type, s.RegionCode, s.CreatedAt)),
            stored.Select(s => (s.Id, s.Code, s.Name, s.Type, s.RegionCode, s.CreatedAt)));
        // Queried by key through EF: the stored id is spelled as EF spells its own parameters.
        Assert.NotNull(await check.Subjects.FindAsync(written[4].Id));
    }

    [Fact]
    public async Task A_constraint_violation_names_the_table_and_leaves_nothing_of_the_transaction()
    {
        var subjects = Subjects("DUPLICATE", 2);
        subjects[1].Code = subjects[0].Code;
        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            using var writer = BulkWriter.For(db);
            var error = await Assert.ThrowsAnyAsync<DbException>(() => writer.WriteAsync(subjects));
            Assert.Contains("subjects", error.Message, StringComparison.Ordinal);
        }

        await using var check = database.CreateContext();
        Assert.False(await check.Subjects.AnyAsync(s => s.Code.StartsWith("DUPLICATE")));
    }

    private static List<Subject> Subjects(string prefix, int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new Subject
        {
            Id = BulkIds.NewVersion7(),
            Code = $"{prefix}{i:D4}",
            Name = $"山西测试商贸有限公司{i}",
            Type = SubjectType.Enterprise,
            RegionCode = "140105",
            CreatedAt = CreatedAt,
        }),
    ];
}
