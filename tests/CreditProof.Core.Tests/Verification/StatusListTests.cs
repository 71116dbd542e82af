using System.Formats.Cbor;
using CreditProof.Reports;
using CreditProof.Verification;

namespace CreditProof.Tests.Verification;

public sealed class StatusListTests
{
    /// <summary>draft-ietf-oauth-status-list §4.3, the 2-bit example: the CBOR StatusList of 12 statuses, byte array C9 44 F9.</summary>
    private const string DraftExample2Bit = "a2646269747302636c73744b78da3be9f2130003df0207";

    /// <summary>draft-ietf-oauth-status-list, appendix "Test vectors", 2-bit Status List of 2^20 entries.</summary>
    private const string DraftVector2BitLong =
        "a2646269747302636c737459013d78daeddb310d00211000412ea1a04004fe5520ed357c28c81d3312b6df68bc65480000000000406e2101000000000000000000000000" +
        "0000000000000000000000000000000000000040795b02000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "000000000000000000000000000000000000000000000000000000000000000000000080f4ba0400000000000000000000000000406d764a000000000000000000000000" +
        "000000000000000000e0922101000000000000000000000000000000000000fc131200000000000000000000000000000000000000000000000000000000000000c0912e" +
        "01000000000000000000000000000000000000c07d4b02000000000000000000000000000000a8614a0000000000000000000000406a1fcd60010c";

    private static (int Bits, byte[] Lst) ReadCbor(string hex)
    {
        var r = new CborReader(Convert.FromHexString(hex));
        var n = r.ReadStartMap()!.Value;
        int bits = 0;
        byte[] lst = [];
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadTextString())
            {
                case "bits": bits = r.ReadInt32(); break;
                case "lst": lst = r.ReadByteString(); break;
                default: r.SkipValue(); break;
            }
        }

        return (bits, lst);
    }

    [Fact]
    public void The_drafts_two_bit_example_decodes_to_its_twelve_statuses()
    {
        var (bits, lst) = ReadCbor(DraftExample2Bit);
        Assert.Equal(StatusList.Bits, bits);
        var list = StatusList.Decompress(lst);
        // status[0..11] = 01 10 00 11 00 01 00 01 01 10 11 11
        int[] expected = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
        Assert.Equal(12, list.Capacity);
        Assert.Equal(expected.Select(v => (ReportStatus?)(ReportStatus)v), Enumerable.Range(0, 12).Select(i => list.StatusOf(i)));
        Assert.Null(list.StatusOf(12));

        // And what we write for the same statuses is the same byte array.
        var ours = StatusList.Empty.With(expected.Select((v, i) => (i, (ReportStatus)v)));
        Assert.Equal("C944F9", Convert.ToHexString(Inflate(ours.Compress())));
    }

    [Fact]
    public void The_drafts_long_two_bit_test_vector_decodes_and_out_of_bounds_is_no_statement()
    {
        var (bits, lst) = ReadCbor(DraftVector2BitLong);
        Assert.Equal(2, bits);
        var list = StatusList.Decompress(lst);
        Assert.Equal(1 << 20, list.Capacity);
        var set = new Dictionary<int, int>
        {
            [0] = 1, [1993] = 2, [25460] = 1, [159495] = 3, [495669] = 1, [554353] = 1,
            [645645] = 2, [723232] = 1, [854545] = 1, [934534] = 2, [1000345] = 3,
        };
        foreach (var (index, value) in set)
            Assert.Equal((ReportStatus)value, list.StatusOf(index));
        foreach (var index in new[] { 1, 1992, 1994, 500_000, (1 << 20) - 1 })
            Assert.Equal(ReportStatus.Valid, list.StatusOf(index));
        Assert.Null(list.StatusOf(1 << 20));
        Assert.Null(list.StatusOf(-1));

        // Rebuilt here from the same statuses over 2^20 entries, the byte array is the draft's.
        var ours = StatusList.Empty.With(set.Select(kv => (kv.Key, (ReportStatus)kv.Value)), 1 << 20);
        Assert.Equal(Inflate(lst), Inflate(ours.Compress()));
    }

    [Fact]
    public void An_empty_list_is_still_a_zlib_stream_and_a_list_covers_the_size_asked_for()
    {
        var empty = StatusList.Empty.Compress();
        Assert.Equal(0x78, empty[0]);
        Assert.Empty(Inflate(empty));
        Assert.Equal(0, StatusList.Decompress(empty).Capacity);

        var sized = StatusList.Empty.With([], size: 10);
        Assert.Equal(12, sized.Capacity);
        Assert.Equal(ReportStatus.Valid, sized.StatusOf(9));
        Assert.Null(sized.StatusOf(12));
    }

    [Fact]
    public void A_lst_that_is_not_zlib_or_inflates_too_far_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => StatusList.Decompress([]));
        Assert.Throws<InvalidDataException>(() => StatusList.Decompress([0x01, 0x02, 0x03]));
        using var buffer = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[17 << 20]);
        Assert.Throws<InvalidDataException>(() => StatusList.Decompress(buffer.ToArray()));
    }

    [Fact]
    public void Each_index_keeps_its_two_bits()
    {
        var list = StatusList.Empty.With([(0, ReportStatus.Revoked), (5, ReportStatus.Superseded), (6, ReportStatus.Suspended), (1_000_003, ReportStatus.Superseded)]);
        Assert.Equal(ReportStatus.Revoked, list.StatusOf(0));
        Assert.Equal(ReportStatus.Valid, list.StatusOf(1));
        Assert.Equal(ReportStatus.Superseded, list.StatusOf(5));
        Assert.Equal(ReportStatus.Suspended, list.StatusOf(6));
        Assert.Equal(ReportStatus.Valid, list.StatusOf(7));
        Assert.Equal(ReportStatus.Superseded, list.StatusOf(1_000_003));
        Assert.Null(list.StatusOf(2_000_000));

        var back = list.With([(5, ReportStatus.Valid)]);
        Assert.Equal(ReportStatus.Valid, back.StatusOf(5));
        Assert.Equal(ReportStatus.Superseded, list.StatusOf(5));
    }

    [Fact]
    public void A_million_mostly_valid_reports_compress_to_a_few_kilobytes()
    {
        var changes = Enumerable.Range(0, 1000).Select(i => (i * 997, ReportStatus.Superseded)).ToList();
        var list = StatusList.Empty.With(changes).With([(999_999, ReportStatus.Revoked)]);
        Assert.Equal(250_000, list.Capacity / 4);
        Assert.True(list.Compress().Length < 8_000, $"{list.Compress().Length} bytes");
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new MemoryStream(zlib);
        using var z = new System.IO.Compression.ZLibStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        z.CopyTo(output);
        return output.ToArray();
    }
}
