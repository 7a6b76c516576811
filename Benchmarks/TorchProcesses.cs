using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Harness.Cases;
using Reference;

namespace Benchmarks;

/// <summary>One libtorch measurement: a benchmark case in one fresh process, and the two C# kernels on the same case
/// timed in that process, each the mean of once before and once after libtorch (null if that part failed); for the
/// shapes with a memory floor (<see cref="MemoryFloorBenchmarks"/>), the floor timed the same way.</summary>
public sealed record TorchMeasurement(string Method, string Shape, DType DType, SoftmaxOp Op, int Launch, double NanosecondsPerOperation,
    double? VectorizedNanosecondsPerOperation, double? AccurateNanosecondsPerOperation, double? FloorNanosecondsPerOperation);

/// <summary>
/// Runs each libtorch benchmark case in <see cref="BenchmarkSettings.TorchLaunches"/> fresh, short processes: this
/// executable relaunched with <c>--torch-child</c>, which runs BenchmarkDotNet in process on that one case. (The
/// project BenchmarkDotNet would otherwise generate per run does not import this repository's Directory.Build.targets,
/// so its copy of libLibTorchSharp.so lacks the libstdc++ fix, and copying libtorch into it takes minutes.)
/// Before and after libtorch, the child times both C# kernels on the same case with the same job, so that each
/// process gives ratios measured seconds apart: on a shared virtual machine whose speed drifts by tens of percent
/// from one minute to the next, that ratio is steadier than one between figures taken minutes apart.
/// </summary>
public static class TorchProcesses
{
    public const string ChildFlag = "--torch-child";
    private const string ResultPrefix = "TORCH-RESULT ", VectorizedPrefix = "VECTORIZED-RESULT ", AccuratePrefix = "ACCURATE-RESULT ",
        FloorPrefix = "FLOOR-RESULT ";
    public static readonly string[] Methods = [nameof(TorchBenchmarks.TorchForward), nameof(TorchBenchmarks.TorchForwardBackward)];

    public static List<TorchMeasurement> RunAll(Func<string, bool> selected)
    {
        var results = new List<TorchMeasurement>();
        string[] shapes = [Shapes.Tiny, Shapes.Small, Shapes.Medium, Shapes.Large, Shapes.Vocabulary];
        foreach (string method in Methods.Where(m => selected($"{typeof(TorchBenchmarks).FullName}.{m}")))
        {
            foreach (DType dtype in Names.AllDTypes)
            {
                foreach (SoftmaxOp op in Names.AllOps)
                {
                    foreach (string shape in shapes)
                    {
                        for (int launch = 1; launch <= BenchmarkSettings.TorchLaunches; launch++)
                        {
                            (double Torch, double? Vectorized, double? Accurate, double? Floor)? ns = RunChild(method, shape, dtype, op);
                            int elements = Shapes.Elements(shape);
                            string text = ns is null ? "failed"
                                : $"{ns.Value.Torch / elements:0.000} ns/element; in the same process vectorized {ns.Value.Vectorized / elements:0.000}, accurate {ns.Value.Accurate / elements:0.000}"
                                  + (ns.Value.Floor is double floor ? $", memory floor {floor / elements:0.000}" : "");
                            Console.WriteLine($"// libtorch {method} {Names.Of(dtype)} {Names.Of(op)} {shape}, process {launch}: {text}");
                            if (ns is not null) results.Add(new TorchMeasurement(method, shape, dtype, op, launch, ns.Value.Torch, ns.Value.Vectorized, ns.Value.Accurate, ns.Value.Floor));
                        }
                    }
                }
            }
        }
        return results;
    }

    private static (double Torch, double? Vectorized, double? Accurate, double? Floor)? RunChild(string method, string shape, DType dtype, SoftmaxOp op)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(TorchProcesses).Assembly.Location);
        foreach (string arg in new[] { ChildFlag, method, shape, dtype.ToString(), op.ToString() }) start.ArgumentList.Add(arg);
        // Fully optimised code from the first call: the child's short warm-up would otherwise time the kernel's
        // generic passes before tiered compilation has replaced them (measured: 30x slower).
        start.Environment["DOTNET_TieredCompilation"] = "0";
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        Task<string> error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (line is null)
        {
            Console.Error.WriteLine($"libtorch child {method} {shape} {dtype} {op} exited with {child.ExitCode}:{Environment.NewLine}{Tail(output)}{Tail(error.Result)}");
            return null;
        }
        bool hasFloor = dtype == DType.Float32 && MemoryFloorBenchmarks.FloorShapes.Contains(shape);
        return (Parse(line[ResultPrefix.Length..]), Paired(VectorizedPrefix), Paired(AccuratePrefix), hasFloor ? Paired(FloorPrefix) : null);

        double? Paired(string prefix)
        {
            string? paired = output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (paired is null) Console.Error.WriteLine($"libtorch child {method} {shape} {dtype} {op}: no {prefix.Trim()} line:{Environment.NewLine}{Tail(error.Result)}");
            return paired is null ? null : Parse(paired[prefix.Length..]);
        }
    }

    private static double Parse(string number) => double.Parse(number.Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// The child: one case, BenchmarkDotNet in process, the median ns/operation printed for the parent; and the two
    /// C# kernels on the same case (KernelBenchmarks' matching methods, the same job) timed before libtorch and
    /// after it, in mirrored order (vectorised, accurate, libtorch, accurate, vectorised), each kernel's mean of the
    /// two printed the same way, so that a drift of the machine's speed during the child cancels to first order
    /// instead of counting against one side. Float32 cases of the large shapes put the memory floor
    /// (<see cref="MemoryFloorBenchmarks"/>) first and last, for the same reason.
    /// </summary>
    public static int RunChild(string[] args)
    {
        string method = args[1], shape = args[2];
        var dtype = Enum.Parse<DType>(args[3]);
        var op = Enum.Parse<SoftmaxOp>(args[4]);
        // A minimal config: no exporters or log file per child (the parent prints the table).
        IConfig config = ManualConfig.CreateMinimumViable().AddJob(BenchmarkSettings.TorchJob).WithOptions(ConfigOptions.DisableLogFile);
        BenchmarkRunInfo all = BenchmarkConverter.TypeToBenchmarks(typeof(TorchBenchmarks), config);
        var cases = all.BenchmarksCases.Where(c =>
            c.Descriptor.WorkloadMethod.Name == method && (string)c.Parameters["Shape"] == shape &&
            (DType)c.Parameters["DType"] == dtype && (SoftmaxOp)c.Parameters["Op"] == op).ToArray();
        if (cases.Length != 1) throw new ArgumentException($"No single libtorch benchmark matches {string.Join(' ', args)}.");

        BenchmarkRunInfo kernels = BenchmarkConverter.TypeToBenchmarks(typeof(KernelBenchmarks), config);
        BenchmarkRunInfo vectorized = KernelRun("Vectorized"), accurate = KernelRun("Accurate");
        BenchmarkRunInfo? floor = FloorRun();

        double floorBefore = floor is null ? 0 : Median(floor);
        double vectorizedBefore = Median(vectorized), accurateBefore = Median(accurate);
        Console.WriteLine(ResultPrefix + Median(new BenchmarkRunInfo(cases, typeof(TorchBenchmarks), all.Config)).ToString("R", CultureInfo.InvariantCulture));
        double accurateAfter = Median(accurate), vectorizedAfter = Median(vectorized);
        Console.WriteLine(VectorizedPrefix + ((vectorizedBefore + vectorizedAfter) / 2).ToString("R", CultureInfo.InvariantCulture));
        Console.WriteLine(AccuratePrefix + ((accurateBefore + accurateAfter) / 2).ToString("R", CultureInfo.InvariantCulture));
        if (floor is not null) Console.WriteLine(FloorPrefix + ((floorBefore + Median(floor)) / 2).ToString("R", CultureInfo.InvariantCulture));
        return 0;

        BenchmarkRunInfo? FloorRun()
        {
            if (dtype != DType.Float32 || !MemoryFloorBenchmarks.FloorShapes.Contains(shape)) return null;
            BenchmarkRunInfo floors = BenchmarkConverter.TypeToBenchmarks(typeof(MemoryFloorBenchmarks), config);
            string floorMethod = method.Replace("Torch", "Floor", StringComparison.Ordinal);
            var floorCases = floors.BenchmarksCases.Where(c =>
                c.Descriptor.WorkloadMethod.Name == floorMethod && (string)c.Parameters["Shape"] == shape &&
                c.Job.Id == BenchmarkSettings.TorchJob.Id).ToArray();
            if (floorCases.Length != 1) throw new ArgumentException($"No single memory floor benchmark {floorMethod} matches {string.Join(' ', args)}.");
            return new BenchmarkRunInfo(floorCases, typeof(MemoryFloorBenchmarks), floors.Config);
        }

        BenchmarkRunInfo KernelRun(string kernel)
        {
            string kernelMethod = method.Replace("Torch", kernel, StringComparison.Ordinal);
            var kernelCases = kernels.BenchmarksCases.Where(c =>
                c.Descriptor.WorkloadMethod.Name == kernelMethod && (string)c.Parameters["Shape"] == shape &&
                (DType)c.Parameters["DType"] == dtype && (SoftmaxOp)c.Parameters["Op"] == op &&
                c.Job.Id == BenchmarkSettings.TorchJob.Id).ToArray(); // not KernelConfig's own job: the same job as libtorch
            if (kernelCases.Length != 1) throw new ArgumentException($"No single kernel benchmark {kernelMethod} matches {string.Join(' ', args)}.");
            return new BenchmarkRunInfo(kernelCases, typeof(KernelBenchmarks), kernels.Config);
        }
    }

    private static double Median(BenchmarkRunInfo run)
    {
        var statistics = BenchmarkRunner.Run(run).Reports.Single().ResultStatistics;
        return statistics?.Median ?? throw new InvalidOperationException($"{run.BenchmarksCases.Single().DisplayInfo} produced no result.");
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
