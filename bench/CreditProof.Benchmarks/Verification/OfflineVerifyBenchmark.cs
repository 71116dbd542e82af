using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CreditProof.Identifiers;
using CreditProof.Reports;
using CreditProof.Signing;
using CreditProof.Storage;
using CreditProof.Subjects;
using CreditProof.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditProof.Benchmarks.Verification;

/// <summary>
/// Offline verification on one core: <c>OfflineVerifier.Verify</c> (decode, trust-list lookup, signature, status list)
/// over distinct real QR texts, round robin, on a single thread, for SM2 and — side by side — ECDSA P-256.
/// <c>dotnet run -c Release --project bench/CreditProof.Benchmarks -- verify-offline [--reports 200] [--seconds 5]</c>
/// </summary>
public static class OfflineVerifyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var reports = Option(args, "--reports", 200);
        var seconds = Option(args, "--seconds", 5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"offline verification, {reports} distinct reports per algorithm, {seconds} s each, 1 thread; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine("| algorithm | verifications/s (1 core) | µs each |");
        Console.WriteLine("|---|---|---|");
        foreach (var algorithm in new[] { SigningAlgorithm.Sm2, SigningAlgorithm.EcdsaP256 })
        {
            var (trust, token, texts) = await IssueAsync(algorithm, reports);
            using var verifier = new OfflineVerifier(trust, token, TimeProvider.System);
            for (var i = 0; i < 200; i++)
                Check(verifier.Verify(texts[i % texts.Count]));
            var watch = Stopwatch.StartNew();
            long n = 0;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                Check(verifier.Verify(texts[(int)(n % texts.Count)]));
                n++;
            }

            var rate = n / watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {algorithm.Name()} | {rate:0} | {1e6 / rate:0.0} |"));
        }

        return 0;
    }

    private static void Check(VerificationOutcome outcome)
    {
        if (!outcome.IsValid)
            throw new InvalidOperationException("A report failed verification: " + outcome.Message);
    }

    private static async Task<(TrustList Trust, StatusListToken Token, List<string> Texts)> IssueAsync(SigningAlgorithm algorithm, int count)
    {
        var directory = Directory.CreateTempSubdirectory("cp_verify_bench_");
        try
        {
            var settings = new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory.FullName, "bench.db")};Pooling=False" };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CreditProof:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["CreditProof:Reports:SigningAlgorithm"] = algorithm.ToString(),
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddCreditProofDatabase(settings);
            services.AddCreditProofCore(configuration);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditProofDbContext>();
            await CreditProofDatabase.MigrateAsync(db);
            await scope.ServiceProvider.GetRequiredService<SigningKeyStore>().CreateAsync(algorithm, "bench");
            var issuer = scope.ServiceProvider.GetRequiredService<ReportIssuer>();
            var texts = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var code = CreditCode.Compose('9', '1', "140105", string.Create(CultureInfo.InvariantCulture, $"MA{i:000000}"));
                db.Subjects.Add(new Subject { Id = Guid.NewGuid(), Code = code, Name = $"核验基准{i}有限公司", Type = SubjectType.Enterprise, RegionCode = "140105" });
                await db.SaveChangesAsync();
                texts.Add((await issuer.IssueAsync(new ReportRequest { SubjectCode = code, RequestedBy = "bench" })).QrText);
            }

            var ring = scope.ServiceProvider.GetRequiredService<SigningKeyRing>();
            var trust = TrustListDocument.Verify(await scope.ServiceProvider.GetRequiredService<TrustStore>().PublishAsync(db, ring)).List;
            var token = StatusListToken.Verify(await scope.ServiceProvider.GetRequiredService<ReportStatusCache>().TokenAsync(db, ring), trust, DateTimeOffset.UtcNow);
            return (trust, token, texts);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
