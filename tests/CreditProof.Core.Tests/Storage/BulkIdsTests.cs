using CreditProof.Storage;

namespace CreditProof.Tests.Storage;

public sealed class BulkIdsTests
{
    [Fact]
    public void Ids_are_version_7_with_the_rfc_variant_and_the_timestamp_in_the_first_48_bits()
    {
        var at = new DateTimeOffset(2026, 11, 28, 8, 30, 15, 123, TimeSpan.Zero);
        var id = BulkIds.NewVersion7(at);
        var text = id.ToString("N");

        Assert.Equal('7', text[12]);
        Assert.Contains(text[16], "89ab");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(text[..12], 16));
        Assert.Equal(7, id.Version);
    }

    [Fact]
    public void Ids_do_not_repeat_across_many_refills_of_the_random_block()
    {
        var at = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 100_000).Select(_ => BulkIds.NewVersion7(at)).ToHashSet();

        Assert.Equal(100_000, ids.Count);
    }

    [Fact]
    public void Ids_of_later_milliseconds_sort_after_earlier_ones()
    {
        var first = BulkIds.NewVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var second = BulkIds.NewVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(first.ToString(), second.ToString()) < 0);
    }
}
