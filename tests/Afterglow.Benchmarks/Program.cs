using Afterglow.Benchmarks.CareSimulation;
using Afterglow.Benchmarks.Office;
using Afterglow.Benchmarks.Registry;
using Afterglow.Benchmarks.Reports;
using Afterglow.Benchmarks.Sms;
using Afterglow.Benchmarks.Start;

// Each benchmark is a named command; scripts/benchmark.sh starts Azurite and passes its connection string.
var name = args.FirstOrDefault() ?? "";
var storage = Environment.GetEnvironmentVariable("AFTERGLOW_TEST_STORAGE")
    ?? throw new InvalidOperationException("Run through scripts/benchmark.sh, which starts Azurite.");

return name switch
{
    "registry" => await RegistryBenchmark.RunAsync(storage, args.Skip(1).ToArray()),
    "import" => await ImportBenchmark.RunAsync(storage, args.Skip(1).ToArray()),
    "care" => await CareSimulation.RunAsync(storage, args.Skip(1).ToArray()),
    "sms" => await SmsBenchmark.RunAsync(storage, args.Skip(1).ToArray()),
    "reports" => await ReportsBenchmark.RunAsync(storage, args.Skip(1).ToArray()),
    "start" => await StartBenchmark.RunAsync(storage, args.Skip(1).ToArray()),
    "seed-office" => await OfficeSeed.RunAsync(storage, args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: scripts/benchmark.sh start [runs] | registry | import [runs] [name=app ...] | care [retirees] [days] [silences] [--no-scale] [--one-reminder] | sms [recipients] | reports [retirees] [days] | seed-office [prefix] [retirees] [raw-days]");
    return 2;
}
