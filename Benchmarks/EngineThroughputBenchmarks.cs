using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Harness.Engine;
using Harness.Generation;
using Harness.Subjects;
using Reference.Accurate;

namespace Benchmarks;

/// <summary>
/// Cases per second through the whole pipeline (generate, subject, oracle, compare) for small cases (at most 256
/// elements, every regime but the 50k-wide rows), on all cores as `harness check` runs. One operation = one case.
/// The engine's own share of the time (everything but the subject and libtorch calls) is printed by the engine's
/// run summary (`harness check` prints it per group); this benchmark gives the end-to-end rate.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EngineConfig))]
public class EngineThroughputBenchmarks
{
    private const int CasesPerGroup = 2_000;

    private CheckOptions _options = null!;

    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = new CheckOptions
        {
            Subjects = [new KernelSubject(new AccurateKernel())],
            Cases = CasesPerGroup,
            Workers = Workers,
            ShrinkPerGroup = 0,
            Generator = new GeneratorOptions(MaxElements: 256, TypicalElements: 256,
                Regimes: Regime.All.Where(r => r != Regime.LongRow).ToArray()),
        };
    }

    /// <summary>8 groups (op x pass x dtype) of <see cref="CasesPerGroup"/> cases.</summary>
    [Benchmark(OperationsPerInvoke = 8 * CasesPerGroup)]
    public int SmallCases() => CheckRunner.Run(_options).Cases;
}

/// <summary>In process (a BenchmarkDotNet child project would not get the libstdc++ fix for TorchSharp); one
/// invocation is a whole run of 16,000 cases, so no unrolling.</summary>
public sealed class EngineConfig : ManualConfig
{
    public EngineConfig() => AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithInvocationCount(1).WithUnrollFactor(1)
        .WithWarmupCount(BenchmarkSettings.Quick ? 1 : 2)
        .WithIterationCount(BenchmarkSettings.Quick ? 3 : 8)
        .WithId("engine"));
}
