using System.Text.RegularExpressions;
using BenchmarkDotNet.Running;
using Benchmarks;

// dotnet run -c Release --project Benchmarks -- --filter '*' [--quick]
// The C# kernels and TensorPrimitives run through BenchmarkDotNet in this process; libtorch runs in fresh short child
// processes (TorchProcesses), several per case. --quick shortens iterations and uses 1 libtorch process per case instead of 3 (under 5 minutes on a quiet 2-core machine).
// After the run the ns/element table with ratios to libtorch is printed and written to
// BenchmarkDotNet.Artifacts/results/softmax-summary.md.
if (args.Length > 0 && args[0] == TorchProcesses.ChildFlag) return TorchProcesses.RunChild(args);

bool quick = args.Contains("--quick");
if (quick) Environment.SetEnvironmentVariable(BenchmarkSettings.QuickVariable, "1");
string[] rest = args.Where(a => a != "--quick").ToArray();
if (!rest.Contains("--filter")) rest = [.. rest, "--filter", "*"];
Regex[] filters = Filters(rest);
bool Selected(string fullName) => filters.Any(f => f.IsMatch(fullName));

var summaries = BenchmarkSwitcher
    .FromTypes([typeof(KernelBenchmarks), typeof(TensorPrimitivesBenchmarks), typeof(MemoryFloorBenchmarks), typeof(EngineThroughputBenchmarks)])
    .Run(rest)
    .ToList();
List<TorchMeasurement> libtorch = TorchProcesses.RunAll(Selected);

string table = SoftmaxSummary.Build(summaries, libtorch, quick);
Console.WriteLine();
Console.WriteLine(table);
string folder = Path.Combine("BenchmarkDotNet.Artifacts", "results");
Directory.CreateDirectory(folder);
File.WriteAllText(Path.Combine(folder, "softmax-summary.md"), table);
Console.WriteLine($"Written to {Path.GetFullPath(Path.Combine(folder, "softmax-summary.md"))}");
return 0;

// BenchmarkDotNet's --filter globs (* and ?), matched against Namespace.Type.Method, for the libtorch part.
static Regex[] Filters(string[] arguments)
{
    var patterns = new List<Regex>();
    for (int i = Array.IndexOf(arguments, "--filter") + 1; i > 0 && i < arguments.Length && !arguments[i].StartsWith("--", StringComparison.Ordinal); i++)
    {
        patterns.Add(new Regex("^" + Regex.Escape(arguments[i]).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase));
    }
    return [.. patterns];
}
