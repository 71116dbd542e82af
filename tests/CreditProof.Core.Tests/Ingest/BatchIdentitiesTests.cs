using CreditProof.Ingest;

namespace CreditProof.Tests.Ingest;

public sealed class BatchIdentitiesTests
{
    [Fact]
    public void A_second_row_with_the_same_unit_and_document_number_gets_the_first_rows_number()
    {
        using var identities = new BatchIdentities();

        Assert.Null(identities.FirstRowOf(1, "晋市监罚〔2024〕1号", 2));
        Assert.Null(identities.FirstRowOf(2, "晋市监罚〔2024〕1号", 3));
        Assert.Null(identities.FirstRowOf(1, "晋市监罚〔2024〕2号", 4));
        Assert.Equal(2, identities.FirstRowOf(1, "晋市监罚〔2024〕1号", 9));
        Assert.Equal(2, identities.FirstRowOf(1, "晋市监罚〔2024〕1号", 10));
        Assert.False(identities.Spilled);
    }

    [Fact]
    public void A_batch_larger_than_the_memory_limit_moves_to_a_temporary_database_and_still_finds_every_first_row()
    {
        using var identities = new BatchIdentities(inMemoryLimit: 5_000);
        var rows = identities.InMemoryLimit + 1_000;
        for (var row = 2; row < rows + 2; row++)
            Assert.Null(identities.FirstRowOf(7, Document(row), row));

        Assert.True(identities.Spilled);
        Assert.Equal(rows, identities.Count);
        Assert.Equal(2, identities.FirstRowOf(7, Document(2), rows + 5));
        Assert.Equal(identities.InMemoryLimit, identities.FirstRowOf(7, Document(identities.InMemoryLimit), rows + 6));
        Assert.Equal(rows, identities.FirstRowOf(7, Document(rows), rows + 7));
        Assert.Null(identities.FirstRowOf(8, Document(2), rows + 8));
        Assert.Equal(rows + 1, identities.Count);
    }

    private static string Document(int row) => $"晋市监罚〔2024〕{row}号";
}
