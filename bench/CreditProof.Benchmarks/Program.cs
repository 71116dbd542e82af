using CreditProof.Benchmarks.Reports;

// Minimal dispatch for the report benchmark until the lead's bench Program.cs lands.
return args.Length > 0 && args[0] == "report" ? await ReportBenchmark.RunAsync(args[1..]) : 0;
