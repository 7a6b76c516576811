Console.WriteLine("Benchmarks: see README (filled by the kernels work).");
