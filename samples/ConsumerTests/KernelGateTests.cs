using ConsumerTests.Kernels;
using FsCheck;
using FsCheck.Fluent;
using Harness;
using Harness.Cases;
using Harness.Engine;
using Reference;

namespace ConsumerTests;

/// <summary>What a kernel author writes: the gate over the whole case stream, the fixtures folder replayed one test
/// per file, and a property of their own over the engine's cases.</summary>
public sealed class KernelGateTests
{
    [Fact]
    public void Careful_kernel_agrees_with_pytorch() => Gate.Check(new CarefulSoftmax());

    public static IEnumerable<object[]> Fixtures => Gate.FixtureFiles();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_replays(string file) => Gate.Replay(new CarefulSoftmax(), file);

    [Fact]
    public void Careful_kernel_agrees_with_pytorch_on_every_generated_float64_softmax_case() =>
        Prop.ForAll(Gate.Cases(SoftmaxOp.Softmax, Pass.Forward, DType.Float64), c =>
        {
            CaseOutcome outcome = Gate.CrossCheck(new CarefulSoftmax(), c);
            return !outcome.Failed;
        }).QuickCheckThrowOnFailure();
}
