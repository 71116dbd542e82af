using System.Diagnostics;
using CreditProof.Transparency;

namespace CreditProof.Tests.Transparency;

/// <summary>
/// The Merkle tree against published test vectors. Leaves, roots and proofs are those of the Certificate Transparency
/// reference tests, as kept in transparency-dev/merkle <c>proof/verify_test.go</c> (Apache-2.0; originally
/// google/certificate-transparency's C++ merkle_tree_test.cc): an 8-leaf tree over the entries below, the root of every
/// prefix, and inclusion and consistency proofs (there, leaf numbers count from 1; here indexes count from 0).
/// </summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Entries =
        new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString).ToArray();

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static readonly byte[][] Leaves = Entries.Select(e => MerkleTree.LeafHash(e)).ToArray();

    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    [Fact]
    public void The_root_of_every_prefix_matches_the_published_roots()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex(MerkleTree.RootHash(0, MerkleTree.Over(Leaves))));
        var frontier = MerkleFrontier.Of(0, (_, _) => throw new InvalidOperationException());
        for (var size = 1; size <= Leaves.Length; size++)
        {
            Assert.Equal(Roots[size - 1], Hex(MerkleTree.RootHash(size, MerkleTree.Over(Leaves))));
            frontier.Append(Leaves[size - 1], (_, _, _) => { });
            Assert.Equal(Roots[size - 1], Hex(frontier.Root()));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_proofs_match_the_published_ones_and_verify(long index, long size, string[] expected)
    {
        var proof = MerkleTree.InclusionProof(index, size, MerkleTree.Over(Leaves));
        Assert.Equal(expected, proof.Select(Hex));
        var root = Convert.FromHexString(Roots[size - 1]);
        Assert.True(MerkleTree.VerifyInclusion(index, size, Leaves[index], proof, root));

        // What the reference tests corrupt must fail here too.
        Assert.False(MerkleTree.VerifyInclusion(index + 1, size, Leaves[index], proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index ^ 2, size, Leaves[index], proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size * 2, Leaves[index], proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, MerkleTree.LeafHash("WrongLeaf"u8), proof, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[index], proof, MerkleTree.EmptyRoot));
        Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[index], [.. proof, root], root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[index], [root, .. proof], root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[index], proof[..^1], root));
        for (var i = 0; i < proof.Count; i++)
            Assert.False(MerkleTree.VerifyInclusion(index, size, Leaves[index], Flip(proof, i), root), $"proof[{i}] flipped");
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_proofs_match_the_published_ones_and_verify(long first, long second, string[] expected)
    {
        var proof = MerkleTree.ConsistencyProof(first, second, MerkleTree.Over(Leaves));
        Assert.Equal(expected, proof.Select(Hex));
        var root1 = Convert.FromHexString(Roots[first - 1]);
        var root2 = Convert.FromHexString(Roots[second - 1]);
        Assert.True(MerkleTree.VerifyConsistency(first, second, root1, root2, proof));

        Assert.False(MerkleTree.VerifyConsistency(first - 1, second, root1, root2, proof));
        Assert.False(MerkleTree.VerifyConsistency(first + 1, second, root1, root2, proof));
        Assert.False(MerkleTree.VerifyConsistency(first, second * 2, root1, root2, proof));
        Assert.False(MerkleTree.VerifyConsistency(first, second, root2, root1, proof));
        Assert.False(MerkleTree.VerifyConsistency(first, second, root1, root2, []));
        Assert.False(MerkleTree.VerifyConsistency(first, second, root1, root2, [.. proof, root1]));
        Assert.False(MerkleTree.VerifyConsistency(first, second, root1, root2, [proof[0], .. proof]));
        Assert.False(MerkleTree.VerifyConsistency(first, second, root1, root2, proof[..^1]));
        for (var i = 0; i < proof.Count; i++)
            Assert.False(MerkleTree.VerifyConsistency(first, second, root1, root2, Flip(proof, i)), $"proof[{i}] flipped");
    }

    [Fact]
    public void The_trivial_consistency_cases_hold_only_with_an_empty_proof()
    {
        var root = Convert.FromHexString(Roots[0]);
        Assert.True(MerkleTree.VerifyConsistency(0, 5, MerkleTree.EmptyRoot, root, []));
        Assert.True(MerkleTree.VerifyConsistency(1, 1, root, root, []));
        Assert.False(MerkleTree.VerifyConsistency(1, 1, root, MerkleTree.EmptyRoot, []));
        Assert.False(MerkleTree.VerifyConsistency(1, 1, root, root, [root]));
        Assert.False(MerkleTree.VerifyConsistency(2, 1, root, root, []));
        Assert.Empty(MerkleTree.ConsistencyProof(3, 3, MerkleTree.Over(Leaves)));
    }

    [Fact]
    public void Every_proof_in_trees_of_every_shape_up_to_40_leaves_verifies()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i * 7)])).ToArray();
        var read = MerkleTree.Over(leaves);
        for (var size = 1; size <= leaves.Length; size++)
        {
            var root = MerkleTree.RootHash(size, read);
            for (var index = 0; index < size; index++)
                Assert.True(MerkleTree.VerifyInclusion(index, size, leaves[index], MerkleTree.InclusionProof(index, size, read), root), $"leaf {index} of {size}");
            for (var first = 1; first < size; first++)
            {
                var proof = MerkleTree.ConsistencyProof(first, size, read);
                Assert.True(MerkleTree.VerifyConsistency(first, size, MerkleTree.RootHash(first, read), root, proof), $"{first} → {size}");
                Assert.False(MerkleTree.VerifyConsistency(first, size, MerkleTree.RootHash(first, read), MerkleTree.RootHash(size - 1, read), proof));
            }
        }
    }

    [Fact]
    public void The_frontier_completes_exactly_the_subtrees_a_proof_reads()
    {
        var leaves = Enumerable.Range(0, 37).Select(i => MerkleTree.LeafHash([(byte)i])).ToArray();
        var stored = new Dictionary<(int, long), byte[]>();
        var frontier = MerkleFrontier.Of(0, (_, _) => throw new InvalidOperationException());
        for (var i = 0; i < leaves.Length; i++)
        {
            stored[(0, i)] = leaves[i];
            frontier.Append(leaves[i], (level, index, hash) => stored.Add((level, index), hash));
            // Resuming from the stored edge gives the same root as the frontier carried along.
            var resumed = MerkleFrontier.Of(i + 1, (level, index) => stored[(level, index)]);
            Assert.Equal(Hex(MerkleTree.RootHash(i + 1, MerkleTree.Over(leaves))), Hex(resumed.Root()));
            Assert.Equal(Hex(frontier.Root()), Hex(resumed.Root()));
        }

        var fromStored = MerkleTree.InclusionProof(20, 37, (level, index) => stored[(level, index)]);
        Assert.Equal(MerkleTree.InclusionProof(20, 37, MerkleTree.Over(leaves)).Select(Hex), fromStored.Select(Hex));
    }

    [Fact]
    public void A_proof_at_a_million_leaves_reads_a_few_dozen_subtrees_and_takes_microseconds()
    {
        const long Size = 1_000_003;
        var inclusion = MerkleTree.Needed(read => MerkleTree.InclusionProof(654_321, Size, read));
        var consistency = MerkleTree.Needed(read => MerkleTree.ConsistencyProof(999_000, Size, read));
        // log2(10^6) ≈ 20: a path has 20 siblings, each a complete subtree or the few along the right edge.
        Assert.InRange(inclusion.Count, 20, 45);
        Assert.InRange(consistency.Count, 10, 45);

        var zero = new byte[32];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
            MerkleTree.InclusionProof(i * 997, Size, (_, _) => zero);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"1000 proofs took {watch.Elapsed}");
    }

    private static List<byte[]> Flip(List<byte[]> proof, int i)
    {
        var copy = proof.Select(p => p.ToArray()).ToList();
        copy[i][0] ^= 16;
        return copy;
    }

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
