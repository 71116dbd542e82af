using CreditProof.Reports;
using CreditProof.Verification;

namespace CreditProof.Tests.Verification;

public sealed class StatusListTests
{
    [Fact]
    public void Each_index_keeps_its_two_bits_and_unset_indexes_are_valid()
    {
        var list = StatusList.Empty.With([(0, ReportStatus.Revoked), (5, ReportStatus.Superseded), (6, ReportStatus.Suspended), (1_000_003, ReportStatus.Superseded)]);
        Assert.Equal(ReportStatus.Revoked, list[0]);
        Assert.Equal(ReportStatus.Valid, list[1]);
        Assert.Equal(ReportStatus.Superseded, list[5]);
        Assert.Equal(ReportStatus.Suspended, list[6]);
        Assert.Equal(ReportStatus.Valid, list[7]);
        Assert.Equal(ReportStatus.Superseded, list[1_000_003]);
        Assert.Equal(ReportStatus.Valid, list[2_000_000]);

        var back = list.With([(5, ReportStatus.Valid)]);
        Assert.Equal(ReportStatus.Valid, back[5]);
        Assert.Equal(ReportStatus.Superseded, list[5]);
    }

    [Fact]
    public void The_bit_layout_follows_the_ietf_token_status_list()
    {
        // Index 0 in the least significant bits of byte 0; index 3 in its most significant bits.
        var list = StatusList.Empty.With([(0, ReportStatus.Revoked), (3, ReportStatus.Superseded), (4, ReportStatus.Suspended)]);
        var round = StatusList.Decompress(list.Compress());
        Assert.Equal(ReportStatus.Revoked, round[0]);
        Assert.Equal(ReportStatus.Superseded, round[3]);
        Assert.Equal(ReportStatus.Suspended, round[4]);
        using var input = new MemoryStream(list.Compress());
        using var zlib = new System.IO.Compression.ZLibStream(input, System.IO.Compression.CompressionMode.Decompress);
        var bytes = new byte[2];
        zlib.ReadExactly(bytes);
        Assert.Equal(0b1100_0001, bytes[0]);
        Assert.Equal(0b0000_0010, bytes[1]);
    }

    [Fact]
    public void A_million_mostly_valid_reports_compress_to_a_few_kilobytes()
    {
        var changes = Enumerable.Range(0, 1000).Select(i => (i * 997, ReportStatus.Superseded)).ToList();
        var list = StatusList.Empty.With(changes).With([(999_999, ReportStatus.Revoked)]);
        Assert.Equal(250_000, list.Capacity / 4);
        Assert.True(list.Compress().Length < 8_000, $"{list.Compress().Length} bytes");
    }
}
