using CreditProof.Benchmarks.Seed;

// dotnet run -c Release --project bench/CreditProof.Benchmarks -- <benchmark> [options]
return args.FirstOrDefault() switch
{
    "seed" => await SeedBenchmark.RunAsync(args[1..]),
    "ingest" => await CreditProof.Benchmarks.Ingest.IngestBenchmark.RunAsync(args[1..]),
    "report" => await CreditProof.Benchmarks.Reports.ReportBenchmark.RunAsync(args[1..]),
    "register" => await CreditProof.Benchmarks.Subjects.RegisterBenchmark.RunAsync(args[1..]),
    "dashboard" => await CreditProof.Benchmarks.Oversight.DashboardBenchmark.RunAsync(args[1..]),
    "verify-offline" => await CreditProof.Benchmarks.Verification.OfflineVerifyBenchmark.RunAsync(args[1..]),
    "province" => await CreditProof.Benchmarks.Province.ProvinceBenchmark.RunAsync(args[1..]),
    "fuzz" => await CreditProof.Benchmarks.Fuzz.FuzzBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CreditProof.Benchmarks seed|ingest|register|dashboard|report|verify-offline|province|fuzz [options]  (see docs/performance.md)");
    return 2;
}
