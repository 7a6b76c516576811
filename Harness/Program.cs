// Placeholder until the command-line tool lands: prints the libtorch version the harness runs against.
using Harness.Oracles;

Console.WriteLine($"libtorch {TorchOracle.LibTorchVersion}");
