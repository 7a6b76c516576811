using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Benchmarks;

/// <summary>
/// The two jobs. The C# kernels run in process (they have one speed, and a process per benchmark would cost more
/// than the measurement). libtorch runs in several short fresh processes (<see cref="TorchProcesses"/>), because on this machine a process can
/// drop to a slow mode after 0.3-8 s of a tight loop (shared/TORCHSHARP.md); the summary keeps the fastest process.
/// <c>--quick</c> (read from the environment, so that child processes see it too) shortens both.
/// </summary>
public static class BenchmarkSettings
{
    public const string QuickVariable = "SOFTMAX_BENCHMARKS_QUICK";

    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>Fresh libtorch processes per benchmark case: 3, of which the summary keeps the fastest. Quick mode
    /// uses 1 (a process costs about 2 s on this machine, 80 cases), so a slow-mode process cannot be told apart
    /// there: its libtorch figures are an upper bound; use the full run for the published table.</summary>
    public static int TorchLaunches => Quick ? 1 : 3;

    public static Job KernelJob => Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(Quick ? 1 : 3)
        .WithIterationCount(Quick ? 3 : 10)
        .WithIterationTime(TimeInterval.FromMilliseconds(Quick ? 25 : 100))
        .WithEvaluateOverhead(false)
        .WithId("kernels");

    /// <summary>Run in process inside each fresh child (see <see cref="TorchProcesses"/>): about half a second of
    /// measured loop, well before the usual slow-mode onset.</summary>
    public static Job TorchJob => Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(Quick ? 1 : 2)
        .WithIterationCount(Quick ? 3 : 5)
        .WithIterationTime(TimeInterval.FromMilliseconds(Quick ? 25 : 60))
        .WithEvaluateOverhead(false)
        .WithId("torch");
}

/// <summary>Config for the in-process C# benchmarks.</summary>
public sealed class KernelConfig : ManualConfig
{
    public KernelConfig() => AddJob(BenchmarkSettings.KernelJob);
}
