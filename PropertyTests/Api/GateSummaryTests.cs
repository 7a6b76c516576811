using Harness;
using Harness.Cases;
using PropertyTests.Fixtures;
using Reference;

namespace PropertyTests.Api;

/// <summary>
/// The first line of <see cref="HarnessCheckException"/>'s message says how the kernel failed: a kernel that only
/// throws is not reported as disagreeing with torch (the same words as `check`'s FAILED line, CheckReport.HowFailed).
/// </summary>
public sealed class GateSummaryTests
{
    [Fact]
    public void ShouldFail_a_kernel_that_only_throws_is_reported_as_throwing()
    {
        var e = Assert.Throws<HarnessCheckException>(() => Gate.Check(new ThrowingKernel(), new GateOptions
        {
            Ops = [SoftmaxOp.Softmax], Passes = [Pass.Forward], DTypes = [DType.Float32], Cases = 30, Seed = 5, SaveFailures = false,
        }));
        string first = e.Message.Split('\n')[0];
        Assert.StartsWith("Kernel 'throwing' failed: 30 of 30 cases in 1 of 1 groups: the subject threw on every one (", first);
        Assert.DoesNotContain("disagree", first);
    }
}
