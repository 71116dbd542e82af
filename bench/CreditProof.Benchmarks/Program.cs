using CreditProof.Benchmarks.Seed;

// dotnet run -c Release --project bench/CreditProof.Benchmarks -- <benchmark> [options]
return args.FirstOrDefault() switch
{
    "seed" => await SeedBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CreditProof.Benchmarks seed [--subjects N] [--provider sqlite|postgres] [--connection CS]");
    return 2;
}
