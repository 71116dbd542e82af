using System.Numerics;
using System.Security.Cryptography;

namespace CreditProof.Transparency;

/// <summary>
/// Reads the hash of a complete (perfect) subtree: the one at <c>level</c> whose leaves are
/// <c>[index · 2^level, (index + 1) · 2^level)</c>. Level 0 is a leaf hash.
/// </summary>
public delegate byte[] SubtreeReader(int level, long index);

/// <summary>
/// The Merkle tree hash of RFC 9162 §2.1 (SHA-256), inclusion proofs (§2.1.3) and consistency proofs (§2.1.4), with the
/// verification algorithms of §2.1.3.2 and §2.1.4.2. Every hash a tree needs is the hash of a complete subtree or is
/// computed from such hashes, so the proofs are written over a <see cref="SubtreeReader"/>: a log that stores its
/// complete subtrees answers any proof with O(log n) reads, and <see cref="Needed"/> says which before reading any.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>MTH({}) = SHA-256() (§2.1.1).</summary>
    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    /// <summary>MTH({d}) = SHA-256(0x00 ‖ d).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        Span<byte> buffer = entry.Length < 512 ? stackalloc byte[entry.Length + 1] : new byte[entry.Length + 1];
        buffer[0] = 0x00;
        entry.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): RFC 9162's k.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>MTH(D[0:size]).</summary>
    public static byte[] RootHash(long size, SubtreeReader read)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? EmptyRoot : RangeHash(0, size, read);
    }

    /// <summary>
    /// MTH(D[start:start+size]) for the ranges the recursion of §2.1 produces: <paramref name="start"/> is a multiple of
    /// a power of two at least <paramref name="size"/>, so a power-of-two size is a complete subtree, read in one go.
    /// </summary>
    private static byte[] RangeHash(long start, long size, SubtreeReader read)
    {
        if (BitOperations.IsPow2(size) && start % size == 0)
            return read(BitOperations.Log2((ulong)size), start / size);
        var k = SplitPoint(size);
        return NodeHash(RangeHash(start, k, read), RangeHash(start + k, size - k, read));
    }

    /// <summary>PATH(m, D[n]) of §2.1.3.1: the audit path of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public static List<byte[]> InclusionProof(long index, long size, SubtreeReader read)
    {
        if (index < 0 || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"a tree of {size} leaves has no leaf {index}");
        var proof = new List<byte[]>();
        Path(index, 0, size, read, proof);
        return proof;
    }

    private static void Path(long m, long start, long n, SubtreeReader read, List<byte[]> proof)
    {
        if (n == 1)
            return;
        var k = SplitPoint(n);
        if (m < k)
        {
            Path(m, start, k, read, proof);
            proof.Add(RangeHash(start + k, n - k, read));
        }
        else
        {
            Path(m - k, start + k, n - k, read, proof);
            proof.Add(RangeHash(start, k, read));
        }
    }

    /// <summary>PROOF(m, D[n]) of §2.1.4.1; empty when m is 0 or m equals n (nothing to prove).</summary>
    public static List<byte[]> ConsistencyProof(long first, long second, SubtreeReader read)
    {
        if (first < 0 || first > second)
            throw new ArgumentOutOfRangeException(nameof(first), first, $"a consistency proof needs 0 ≤ first ≤ second ({second})");
        var proof = new List<byte[]>();
        if (first > 0 && first < second)
            SubProof(first, 0, second, true, read, proof);
        return proof;
    }

    private static void SubProof(long m, long start, long n, bool complete, SubtreeReader read, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!complete)
                proof.Add(RangeHash(start, n, read));
            return;
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, k, complete, read, proof);
            proof.Add(RangeHash(start + k, n - k, read));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, read, proof);
            proof.Add(RangeHash(start, k, read));
        }
    }

    /// <summary>
    /// The complete subtrees a computation reads, found by running it with a reader that records and returns zeros (the
    /// recursion depends on sizes only, never on hash values): fetch them in one query, then compute for real.
    /// </summary>
    public static IReadOnlyCollection<(int Level, long Index)> Needed(Action<SubtreeReader> computation)
    {
        var needed = new HashSet<(int Level, long Index)>();
        var zero = new byte[HashSize];
        computation((level, index) =>
        {
            needed.Add((level, index));
            return zero;
        });
        return needed;
    }

    /// <summary>§2.1.3.2: does <paramref name="proof"/> show that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree with <paramref name="root"/>?</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size || leafHash.Length != HashSize)
            return false;
        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || p.Length != HashSize)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, root);
    }

    /// <summary>
    /// §2.1.4.2: does <paramref name="proof"/> show that the tree of <paramref name="first"/> leaves with
    /// <paramref name="firstRoot"/> is a prefix of the tree of <paramref name="second"/> leaves with
    /// <paramref name="secondRoot"/>? The cases the RFC leaves out (0 &lt; first &lt; second) hold with an empty proof
    /// only: first = 0 (every tree extends the empty one) and first = second with equal roots.
    /// </summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 0 || first > second)
            return false;
        if (first == 0)
            return proof.Count == 0;
        if (first == second)
            return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (proof.Count == 0 || proof.Any(p => p.Length != HashSize))
            return false;

        var path = BitOperations.IsPow2(first) ? [firstRoot.ToArray(), .. proof] : proof.ToList();
        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
                return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, firstRoot) && CryptographicOperations.FixedTimeEquals(sr, secondRoot);
    }

    /// <summary>A reader over leaf hashes held in memory (tests, audits): complete subtrees computed on demand.</summary>
    public static SubtreeReader Over(IReadOnlyList<byte[]> leafHashes) => (level, index) => Complete(leafHashes, level, index);

    private static byte[] Complete(IReadOnlyList<byte[]> leaves, int level, long index) =>
        level == 0 ? leaves[checked((int)index)] : NodeHash(Complete(leaves, level - 1, 2 * index), Complete(leaves, level - 1, (2 * index) + 1));
}

/// <summary>
/// The right edge of a growing tree (a compact range from 0): the complete subtrees that make up the first
/// <see cref="Size"/> leaves, largest first. Appending a leaf completes the subtrees it closes; the root folds the edge.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(int Level, byte[] Hash)> _edge;

    private MerkleFrontier(long size, List<(int Level, byte[] Hash)> edge)
    {
        Size = size;
        _edge = edge;
    }

    public long Size { get; private set; }

    /// <summary>The complete subtrees of a tree of <paramref name="size"/> leaves, largest first: for each set bit of the size, from the top.</summary>
    public static IReadOnlyList<(int Level, long Index)> Positions(long size)
    {
        var positions = new List<(int Level, long Index)>();
        for (var level = 62; level >= 0; level--)
        {
            if ((size & (1L << level)) != 0)
                positions.Add((level, (size >> level) - 1));
        }

        return positions;
    }

    public static MerkleFrontier Of(long size, SubtreeReader read) =>
        new(size, Positions(size).Select(p => (p.Level, read(p.Level, p.Index))).ToList());

    /// <summary>Appends one leaf; <paramref name="completed"/> receives every complete subtree above level 0 it closes.</summary>
    public void Append(byte[] leafHash, Action<int, long, byte[]> completed)
    {
        var level = 0;
        var hash = leafHash;
        var index = Size;
        while (_edge.Count > 0 && _edge[^1].Level == level)
        {
            hash = MerkleTree.NodeHash(_edge[^1].Hash, hash);
            _edge.RemoveAt(_edge.Count - 1);
            level++;
            index >>= 1;
            completed(level, index, hash);
        }

        _edge.Add((level, hash));
        Size++;
    }

    public byte[] Root()
    {
        if (_edge.Count == 0)
            return MerkleTree.EmptyRoot;
        var root = _edge[^1].Hash;
        for (var i = _edge.Count - 2; i >= 0; i--)
            root = MerkleTree.NodeHash(_edge[i].Hash, root);
        return root;
    }
}
