using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using Harness.Cases;
using Reference;

namespace Benchmarks;

/// <summary>
/// The table printed after a run: ns/element for every implementation, and the ratio to libtorch's fastest process
/// (libtorch's slowest process too when it was more than 1.5x slower: the slow mode of shared/TORCHSHARP.md), and the
/// same-process ratios: each C# kernel timed before and after libtorch in each libtorch process (the mean of the two),
/// the median over those processes of its ratio to libtorch's figure; and, for the shapes with a memory floor, the
/// vectorised kernel's ratio to the floor timed the same way.
/// </summary>
public static class SoftmaxSummary
{
    private const double SlowModeRatio = 1.5;

    private sealed record Key(DType DType, SoftmaxOp Op, string Pass, string Shape);

    private sealed record Timing(double Best, double Worst, int Launches);

    public static string Build(IEnumerable<Summary> summaries, IReadOnlyList<TorchMeasurement> torch, bool quick)
    {
        var results = new Dictionary<(Key, string Implementation), Timing>();
        foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports))
        {
            if (!report.Success) continue;
            var parameters = report.BenchmarkCase.Parameters;
            if (!parameters.Items.Any(p => p.Name == "Shape")) continue; // not a kernel benchmark (engine throughput)
            string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            string shape = (string)parameters["Shape"];
            var dtype = (DType)parameters["DType"];
            var op = parameters.Items.Any(p => p.Name == "Op") ? (SoftmaxOp)parameters["Op"] : SoftmaxOp.Softmax;
            string pass = method.EndsWith("ForwardBackward", StringComparison.Ordinal) ? "forward+backward" : "forward";
            string implementation = method.Replace("ForwardBackward", "").Replace("Forward", "");
            int elements = Shapes.Elements(shape);
            double[] perLaunch = report.AllMeasurements
                .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
                .GroupBy(m => m.LaunchIndex)
                .Select(g => Median(g.Select(m => m.Nanoseconds / m.Operations / elements)))
                .ToArray();
            if (perLaunch.Length == 0) continue;
            results[(new Key(dtype, op, pass, shape), implementation)] = new Timing(perLaunch.Min(), perLaunch.Max(), perLaunch.Length);
        }

        var paired = new Dictionary<(Key, string Implementation), double>();
        foreach (var group in torch.GroupBy(m => (m.DType, m.Op, m.Method, m.Shape)))
        {
            string pass = group.Key.Method.EndsWith("ForwardBackward", StringComparison.Ordinal) ? "forward+backward" : "forward";
            var key = new Key(group.Key.DType, group.Key.Op, pass, group.Key.Shape);
            double[] perProcess = group.Select(m => m.NanosecondsPerOperation / Shapes.Elements(group.Key.Shape)).ToArray();
            results[(key, "Torch")] = new Timing(perProcess.Min(), perProcess.Max(), perProcess.Length);
            AddPaired(key, "Vectorized", group.Select(m => m.VectorizedNanosecondsPerOperation / m.NanosecondsPerOperation));
            AddPaired(key, "Accurate", group.Select(m => m.AccurateNanosecondsPerOperation / m.NanosecondsPerOperation));
            AddPaired(key, "VectorizedFloor", group.Select(m => m.VectorizedNanosecondsPerOperation / m.FloorNanosecondsPerOperation));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Softmax benchmarks ({(quick ? "quick" : "full")} mode), single thread, ns/element (median iteration; libtorch: median of its fastest process; its slowest process is shown when more than 1.5x slower; same process: each C# kernel, and the memory floor, timed before and after libtorch in each libtorch process, mean of the two, median ratio)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, Vector512 accelerated: {Vector512.IsHardwareAccelerated}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine("| dtype | op | pass | shape | accurate | vectorized | TensorPrimitives | libtorch | libtorch slowest process | vectorized / libtorch | vectorized / libtorch, same process | accurate / libtorch | accurate / libtorch, same process | memory floor | vectorized / floor | vectorized / floor, same process |");
        text.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (Key key in results.Keys.Select(k => k.Item1).Distinct()
                     .Where(k => results.Keys.Any(r => r.Item1 == k && r.Item2 != "Floor")) // not a row of the floor alone
                     .OrderBy(k => k.DType).ThenBy(k => k.Op).ThenBy(k => k.Pass == "forward" ? 0 : 1).ThenBy(k => Shapes.Elements(k.Shape)))
        {
            Timing? accurate = Find(results, key, "Accurate"), vectorized = Find(results, key, "Vectorized");
            Timing? primitives = Find(results, key, "TensorPrimitives"), libtorch = Find(results, key, "Torch");
            Timing? floor = Find(results, key with { Op = SoftmaxOp.Softmax }, "Floor"); // the same traffic for both ops
            string slow = libtorch is not null && libtorch.Worst > SlowModeRatio * libtorch.Best ? Format(libtorch.Worst) : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Names.Of(key.DType)} | {Names.Of(key.Op)} | {key.Pass} | {key.Shape} | {Format(accurate?.Best)} | {Format(vectorized?.Best)} | {Format(primitives?.Best)} | {Format(libtorch?.Best)} | {slow} | {Ratio(vectorized, libtorch)} | {Paired(key, "Vectorized")} | {Ratio(accurate, libtorch)} | {Paired(key, "Accurate")} | {Format(floor?.Best)} | {Ratio(vectorized, floor)} | {Paired(key, "VectorizedFloor")} |");
        }
        return text.ToString();

        void AddPaired(Key key, string implementation, IEnumerable<double?> ratios)
        {
            double[] present = ratios.Where(r => r is not null).Select(r => r!.Value).ToArray();
            if (present.Length > 0) paired[(key, implementation)] = Median(present);
        }

        string Paired(Key key, string implementation) => paired.TryGetValue((key, implementation), out double same) ? Format2(same) : "";
    }

    private static Timing? Find(Dictionary<(Key, string), Timing> results, Key key, string implementation) =>
        results.TryGetValue((key, implementation), out Timing? timing) ? timing : null;

    private static string Format(double? value) =>
        value is null ? "" : value.Value.ToString(value.Value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    private static string Ratio(Timing? subject, Timing? torch) =>
        subject is null || torch is null ? "" : Format2(subject.Best / torch.Best);

    private static string Format2(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
