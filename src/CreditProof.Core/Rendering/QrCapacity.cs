namespace CreditProof.Rendering;

/// <summary>QR capacity in byte mode at error correction M (ISO/IEC 18004 table 7), for ASCII text.</summary>
public static class QrCapacity
{
    /// <summary>QR version 15 at error correction M is the largest a phone reads comfortably from paper.</summary>
    public const int MaxPrintedVersion = 15;

    /// <summary>The last resort for a report whose payload does not fit <see cref="MaxPrintedVersion"/> even with the name shortened.</summary>
    public const int MaxDenseVersion = 20;

    private static readonly int[] BytesAtM =
    [
        14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
        711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
    ];

    /// <summary>The bytes <paramref name="version"/> (1–40) holds at level M.</summary>
    public static int BytesAt(int version) => BytesAtM[version - 1];

    /// <summary>The smallest version that holds <paramref name="length"/> bytes at level M (41 when none does).</summary>
    public static int Version(int length)
    {
        for (var v = 0; v < BytesAtM.Length; v++)
        {
            if (length <= BytesAtM[v])
                return v + 1;
        }

        return BytesAtM.Length + 1;
    }
}
