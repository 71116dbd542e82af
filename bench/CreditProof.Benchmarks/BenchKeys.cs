using CreditProof.Privacy;
using CreditProof.Signing;
using CreditProof.Storage;

namespace CreditProof.Benchmarks;

/// <summary>Personal-data keys for a benchmark database, under a fixed benchmark key-encryption key.</summary>
internal static class BenchKeys
{
    private static readonly MasterKey Kek = MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "benchmark");

    public static PersonalDataKeys For(DatabaseSettings settings) => new(settings, Kek, TimeProvider.System);
}
