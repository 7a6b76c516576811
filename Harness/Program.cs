using Harness.Oracles;

Console.WriteLine($"libtorch {TorchOracle.LibTorchVersion}");
