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
            Assert.Contains("Kernel 'forgetful' disagrees with torch", e.Message);
            Assert.Contains("forgetful disagrees with torch on softmax/forward/", e.Message);
            Assert.NotEmpty(Directory.GetFiles(scratch, "*.json"));
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}
