using Harness.Cases;
using Harness.Comparison;
using Harness.Engine;
using Harness.Generation;
using Reference;

namespace PropertyTests.Engine;

/// <summary>The failure message format is documented (README, "Reading a failure") and pinned here.</summary>
public sealed class FailureReportTests
{
    [Fact]
    public void A_shrunk_failure_reads_header_verdict_input_and_rerun_command()
    {
        var original = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [4, 3], -1, new double[12], null, Regime.Wide);
        var shrunk = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [2], -1, [0, 100], null, Regime.Wide);
        double[] expected = [3.7200760e-44, 1], actual = [0, double.NaN], truth = [3.7200759760208361e-44, 1];
        Verdict verdict = Comparer.Compare(shrunk, expected, actual, Tolerance.TorchFloat32, truth);
        var token = new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, 42, 17);
        var report = new FailureReport("mine", token, new CaseOutcome(original, new double[12], new double[12], null, null, null),
            new CaseOutcome(shrunk, expected, actual, verdict, truth, null), 5, Tolerance.TorchFloat32) { FixturePath = "fixtures/softmax-forward-float32-0123456789abcdef.json" };

        Assert.Equal(
            "mine disagrees with torch on softmax/forward/float32: shape [2], dim -1, regime wide, now subnormal-out (shrunk from [4, 3] in 5 steps)\n" +
            "1 of 2 elements (50.0%) outside allclose(atol=1E-05, rtol=1.3E-06)\n" +
            "Worst element [1]:\n" +
            "  Expected:  1  (torch)\n" +
            "  Actual:    NaN  (mine)\n" +
            "  Truth:     1\n" +
            "  Abs error: Infinity  (allowed 0)\n" +
            "  Rel error: Infinity\n" +
            "  ULP error: Infinity\n" +
            "  Closer:    torch (mine Infinity ULP from the truth, torch 0 ULP)\n" +
            "  Kind:      NaN where torch is finite\n" +
            "  x:         [0, 100]\n" +
            "  Token:     softmax/forward/float32@42:17\n" +
            "  Rerun:     harness check --subject mine --tolerance softmax/forward/float32=allclose:atol=1E-05,rtol=1.3E-06 --seed 42 --replay softmax/forward/float32@42:17\n" +
            "  Fixture:   fixtures/softmax-forward-float32-0123456789abcdef.json",
            report.Describe());
    }
}
