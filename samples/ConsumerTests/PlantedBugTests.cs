using ConsumerTests.Kernels;
using Harness;
using Harness.Cases;
using Reference;

namespace ConsumerTests;

/// <summary>The gate must fail a kernel with a planted bug: asserted, not tolerated.</summary>
public sealed class PlantedBugTests
{
    [Fact]
    public void ShouldFail_forgetful_kernel_is_rejected_with_a_shrunk_case()
    {
        string scratch = Path.Combine(Path.GetTempPath(), "consumer-fixtures-" + Guid.NewGuid().ToString("N"));
        try
        {
            var e = Assert.Throws<HarnessCheckException>(() => Gate.Check(new ForgetfulSoftmax(),
                new GateOptions { Ops = [SoftmaxOp.Softmax], Passes = [Pass.Forward], FixturesDirectory = scratch }));
            Assert.Contains("Kernel 'forgetful' failed: ", e.Message);
            Assert.Contains(" groups disagree with torch (softmax/forward/", e.Message);
            Assert.Contains("forgetful disagrees with torch on softmax/forward/", e.Message);
            Assert.NotEmpty(Directory.GetFiles(scratch, "*.json"));
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void ShouldFail_forgetful_kernel_fails_the_committed_regression_fixture()
    {
        // harness-fixtures/ holds a bug report's tensor (logits past exp's float range), saved with
        // `harness check --input report.json --save-inputs`: the careful kernel replays it, the forgetful one cannot.
        var e = Assert.Throws<HarnessCheckException>(() => Gate.Replay(new ForgetfulSoftmax(), "softmax-forward-float32-9c66c872e403577c.json"));
        Assert.Contains("failed: subject 'forgetful' on softmax/forward/float32", e.Message);
    }
}
