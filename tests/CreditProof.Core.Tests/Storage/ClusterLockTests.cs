using CreditProof.Storage;
using Microsoft.EntityFrameworkCore;

namespace CreditProof.Tests.Storage;

/// <summary>Issue 19: background work that writes shared state runs on one node at a time (a PostgreSQL advisory lock).</summary>
[Trait("Category", "Database")]
public sealed class ClusterLockTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task One_holder_at_a_time_on_postgres_and_always_the_one_process_on_sqlite()
    {
        await using var node1 = database.CreateContext();
        await using var node2 = database.CreateContext();

        await using (var first = await ClusterLock.TryAcquireAsync(node1, ClusterLock.BackgroundRound))
        {
            Assert.True(first.Acquired);
            await using var second = await ClusterLock.TryAcquireAsync(node2, ClusterLock.BackgroundRound);
            // SQLite is one process: nothing to exclude. PostgreSQL: the second node skips the round.
            Assert.Equal(!node2.Database.IsNpgsql(), second.Acquired);
            // Another job's lock is independent.
            await using var other = await ClusterLock.TryAcquireAsync(node2, ClusterLock.Workflows);
            Assert.True(other.Acquired);
        }

        await using var after = await ClusterLock.TryAcquireAsync(node2, ClusterLock.BackgroundRound);
        Assert.True(after.Acquired);
    }
}
