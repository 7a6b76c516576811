using Harness.Cases;
using Harness.Engine;
using Harness.Subjects;
using PropertyTests.Mutants;
using PropertyTests.Support;
using Reference;
using Xunit.Abstractions;

namespace PropertyTests.Engine;

/// <summary>
/// Issue #18, item 6: a backward failure is judged in isolation too. The subject's backward runs on torch's forward
/// output; the report says whether the subject's own forward already disagreed, and gives the isolated verdict.
/// </summary>
public sealed class BackwardIsolationTests(ITestOutputHelper output)
{
    /// <summary>A forward-only bug: softmax outputs 1% too large; the backward formula is right.</summary>
    private sealed class ForwardOnlyBug : MutantKernel
    {
        public override string Name => "forward-only-bug";
        public override string Bug => "softmax forward 1% too large";

        protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
        {
            base.ForwardRow(op, x, y, float32);
            for (int i = 0; i < y.Length; i++) y[i] *= 1.01;
        }
    }

    private FailureReport FirstBackwardFailure(MutantKernel kernel)
    {
        CheckReport report = CheckRunner.Run(new CheckOptions
        {
            Subjects = [new KernelSubject(kernel)],
            Ops = [SoftmaxOp.Softmax],
            Passes = [Pass.Backward],
            DTypes = [DType.Float64],
            Cases = 100,
            Seed = TestRun.Settings.Seed,
            Tolerances = TestRun.Tolerances,
            StopAtFirstFailure = true,
            ShrinkPerGroup = 1,
        });
        FailureReport failure = Assert.Single(report.ShrunkFailures);
        output.WriteLine(failure.Describe());
        return failure;
    }

    [Fact]
    public void ShouldFail_a_forward_only_bug_fails_end_to_end_but_passes_its_backward_in_isolation()
    {
        FailureReport failure = FirstBackwardFailure(new ForwardOnlyBug());
        BackwardIsolation isolation = Assert.IsType<BackwardIsolation>(failure.Shrunk.Isolation);
        Assert.True(isolation.ForwardDisagreed);
        Assert.False(isolation.IsolatedFailed);
        string text = failure.Describe();
        Assert.Contains("\n  Forward:   forward-only-bug's own forward output already disagrees with torch: ", text);
        Assert.Contains("\n  Isolated:  backward on torch's forward output passes (all ", text);
    }

    [Fact]
    public void ShouldFail_a_backward_only_bug_fails_in_isolation_with_a_forward_that_agrees()
    {
        FailureReport failure = FirstBackwardFailure(new EinsumJacobianWrongAxes());
        BackwardIsolation isolation = Assert.IsType<BackwardIsolation>(failure.Shrunk.Isolation);
        Assert.False(isolation.ForwardDisagreed);
        Assert.True(isolation.IsolatedFailed);
        string text = failure.Describe();
        Assert.Contains("\n  Forward:   mutant-einsum-wrong-axes's own forward output agrees with torch (within ", text);
        Assert.Contains("\n  Isolated:  backward on torch's forward output fails: ", text);
    }
}
