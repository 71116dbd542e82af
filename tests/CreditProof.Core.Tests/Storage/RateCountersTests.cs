using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Tests.Storage;

/// <summary>Issue 19: rate limit counters shared by every node — two service providers stand for two web nodes.</summary>
[Trait("Category", "Database")]
public sealed class RateCountersTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task Two_nodes_count_into_one_window_atomically_take_back_and_prune()
    {
        var time = new MovableTime(Now);
        await using var node1 = Node(time);
        await using var node2 = Node(time);
        var a = node1.GetRequiredService<RateCounters>();
        var b = node2.GetRequiredService<RateCounters>();
        var key = "typed:" + Guid.NewGuid().ToString("N");

        // 40 increments from both nodes at once: every one counted once, the last answer sees all of them.
        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? a : b).IncrementAsync(key, TimeSpan.FromMinutes(1))));
        Assert.Equal(Enumerable.Range(1, 40), counts.Select(c => c.Count).Order());
        Assert.All(counts, c => Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 1, 0, TimeSpan.Zero), c.Ends));

        await b.DecrementAsync(key, TimeSpan.FromMinutes(1));
        Assert.Equal(40, (await a.IncrementAsync(key, TimeSpan.FromMinutes(1))).Count);

        // The next window starts at zero; windows an hour old are pruned.
        time.Now = Now.AddMinutes(1);
        Assert.Equal(1, (await a.IncrementAsync(key, TimeSpan.FromMinutes(1))).Count);
        await using var db = database.CreateContext();
        Assert.Equal(0, await RateCounters.PruneAsync(db, Now.AddMinutes(30)));
        Assert.Equal(2, await RateCounters.PruneAsync(db, Now.AddHours(2)));
        Assert.Equal(0, await db.Set<RateCounter>().CountAsync(c => c.Key == key));
    }

    private ServiceProvider Node(TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddCreditProofDatabase(database.Settings);
        return services.BuildServiceProvider();
    }
}
