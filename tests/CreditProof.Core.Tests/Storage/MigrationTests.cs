using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Storage;

[Trait("Category", "Database")]
public sealed class MigrationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Migrated_database_has_no_pending_model_changes()
    {
        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model has changes with no migration for {TestDatabase.Provider}: run scripts/add-migration.sh.");
    }

    [Fact]
    public async Task Migration_loads_the_forty_domains_regions_and_calendar()
    {
        await using var db = database.CreateContext();
        Assert.Equal(40, await db.Domains.CountAsync());
        Assert.Equal("市场监管", (await db.Domains.SingleAsync(d => d.Code == "market-regulation")).NameZh);
        Assert.Equal(11, await db.Regions.CountAsync(r => r.ParentCode == "140000"));
        Assert.True(await db.CalendarDays.CountAsync() >= 180);
    }

    [Fact]
    public async Task Loading_reference_data_twice_adds_nothing()
    {
        await using var db = database.CreateContext();
        var again = await ReferenceDataLoader.LoadMissingAsync(db);
        Assert.Equal(new ReferenceDataCounts(0, 0, 0, 0), again);
    }
}
