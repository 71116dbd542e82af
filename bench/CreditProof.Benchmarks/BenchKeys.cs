using CreditProof.Privacy;
using CreditProof.Signing;
using CreditProof.Storage;

namespace CreditProof.Benchmarks;

/// <summary>
/// Personal-data keys for a benchmark or fuzzing database, under the fixed, public test key-encryption key (bytes 1…32,
/// as the test suite uses: the fuzzer also runs inside tests on their databases). Never a production key.
/// </summary>
public static class BenchKeys
{
    private static readonly MasterKey Kek = MasterKey.FromBase64(Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), "benchmark");

    public static PersonalDataKeys For(DatabaseSettings settings) => new(settings, Kek, TimeProvider.System);
}
