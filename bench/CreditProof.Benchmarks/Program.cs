// TEMPORARY dispatch by the ingest branch for its own runs; the lead owns this file.
using CreditProof.Benchmarks.Ingest;

if (args.Length > 0 && args[0] == "ingest")
    return await IngestBenchmark.RunAsync(args[1..]);
return 0;
