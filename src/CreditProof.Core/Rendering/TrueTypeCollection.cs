using System.Buffers.Binary;

namespace CreditProof.Rendering;

/// <summary>
/// Extracts one face of a TrueType collection (.ttc) as a standalone TrueType font. PDFsharp reads single fonts only;
/// fonts-wqy-microhei ships as a collection. The face's table directory is copied and the tables it points to are
/// laid out after it, 4-byte aligned, with their offsets rewritten.
/// </summary>
public static class TrueTypeCollection
{
    private const uint CollectionTag = 0x74746366; // 'ttcf'

    public static bool IsCollection(ReadOnlySpan<byte> font) =>
        font.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(font) == CollectionTag;

    public static int FaceCount(ReadOnlySpan<byte> collection) =>
        IsCollection(collection) ? checked((int)BinaryPrimitives.ReadUInt32BigEndian(collection[8..])) : 1;

    public static byte[] ExtractFace(ReadOnlySpan<byte> collection, int faceIndex)
    {
        if (!IsCollection(collection))
            throw new InvalidDataException("The font is not a TrueType collection (no 'ttcf' header).");
        var faces = FaceCount(collection);
        if (faceIndex < 0 || faceIndex >= faces)
            throw new InvalidDataException($"The collection has {faces} face(s); face {faceIndex} does not exist.");

        var directory = checked((int)BinaryPrimitives.ReadUInt32BigEndian(collection[(12 + (4 * faceIndex))..]));
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(collection[(directory + 4)..]);
        var headerLength = 12 + (16 * tableCount);

        var size = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var record = collection.Slice(directory + 12 + (16 * i), 16);
            size += Align4(checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..])));
        }

        var font = new byte[size];
        collection.Slice(directory, headerLength).CopyTo(font);
        var position = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var record = font.AsSpan(12 + (16 * i), 16);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
            if (offset < 0 || length < 0 || offset + length > collection.Length)
                throw new InvalidDataException($"Table {i} of face {faceIndex} lies outside the collection.");
            collection.Slice(offset, length).CopyTo(font.AsSpan(position));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            position += Align4(length);
        }

        return font;
    }

    private static int Align4(int length) => (length + 3) & ~3;
}
