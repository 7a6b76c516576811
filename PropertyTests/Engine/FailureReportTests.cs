using System.Runtime.CompilerServices;
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

    private static readonly Tolerance Model = Tolerance.Model(1.5);

    [Fact]
    public void A_backward_failure_of_a_dll_subject_reads_kind_isolation_and_a_rerun_command_with_profile_and_tolerances()
    {
        var original = new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [3, 2, 2], -2, new double[12], new double[12], Regime.Wide);
        var shrunk = new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [2, 1], -2, [0, 0], [1, 0], Regime.Wide);
        double[] dx = [0.25, -0.25], wrong = [0.2525, -0.2525];
        var forward = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [2, 1], -2, [0, 0], null, Regime.Wide);
        double[] y = [0.5, 0.5], yWrong = [0.505, 0.505];
        var isolation = new BackwardIsolation(
            new CaseOutcome(forward, y, yWrong, Comparer.Compare(forward, y, yWrong, Model), null, null),
            new CaseOutcome(shrunk, dx, dx, Comparer.Compare(shrunk, dx, dx, Model), null, null));
        var token = new CaseToken(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, 7, 3);
        var report = new FailureReport("/abs/My Kernels.dll:My.Kernel", token, new CaseOutcome(original, new double[12], new double[12], null, null, null),
            new CaseOutcome(shrunk, dx, wrong, Comparer.Compare(shrunk, dx, wrong, Model), null, null) { Isolation = isolation }, 4, Model)
        {
            SubjectName = "mine",
            Similar = 3,
            Rerun = new RerunContext("parity", "/repo/tolerances.json"),
        };

        Assert.Equal(
            "mine disagrees with torch on softmax/backward/float64: shape [2, 1], dim -2, regime wide, now normal (shrunk from [3, 2, 2] in 4 steps)\n" +
            "2 of 2 elements (100.0%) outside model(k=1.5)\n" +
            "Worst element [1, 0]:\n" +
            "  Expected:  -0.25  (torch)\n" +
            "  Actual:    -0.2525  (mine)\n" +
            "  Abs error: 0.0025000000000000022  (allowed 1.6653345369377348E-16)\n" +
            "  Rel error: 0.010000000000000009\n" +
            "  ULP error: 45035996273705\n" +
            "  Kind:      finite error (3 failing cases of this kind in regime wide)\n" +
            "  Forward:   mine's own forward output already disagrees with torch: 2 of 2 elements outside model(k=1.5)\n" +
            "  Isolated:  backward on torch's forward output passes (all 2 elements within model(k=1.5))\n" +
            "  x:         [0, 0]\n" +
            "  dy:        [1, 0]\n" +
            "  Token:     softmax/backward/float64@7:3\n" +
            "  Rerun:     harness check --subject '/abs/My Kernels.dll:My.Kernel' --profile parity --tolerances /repo/tolerances.json --tolerance softmax/backward/float64=model:1.5 --seed 7 --replay softmax/backward/float64@7:3",
            report.Describe());
    }

    [Fact]
    public void A_subject_that_threw_reads_threw_type_message_and_the_frames_of_its_own_code()
    {
        var c = new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float32, [1], -1, [2], null, Regime.SingleColumn);
        Exception e = Thrown();
        var token = new CaseToken(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float32, 42, 5);
        var outcome = new CaseOutcome(c, [0], null, null, null, e);
        var report = new FailureReport("accurate", token, outcome, outcome, 0, Tolerance.Ulps(3)) { FixturePath = "fixtures/x.json" };

        Assert.Equal(
            "accurate threw InvalidOperationException on log_softmax/forward/float32: shape [1], dim -1, regime single-column, now single-column (shrunk from [1] in 0 steps)\n" +
            "threw InvalidOperationException: row 0 has no maximum\n" +
            $"  at PropertyTests.Engine.FailureReportTests.Boom() in {ThisFile()}:line {BoomLine}\n" +
            $"  at PropertyTests.Engine.FailureReportTests.Thrown() in {ThisFile()}:line {ThrownLine}\n" +
            "  Kind:      threw InvalidOperationException\n" +
            "  x:         [2]\n" +
            "  Token:     log_softmax/forward/float32@42:5\n" +
            "  Rerun:     HARNESS_REPLAY=log_softmax/forward/float32@42:5 ./run-tests.sh   or   harness check --subject accurate --tolerance log_softmax/forward/float32=ulp:3 --seed 42 --replay log_softmax/forward/float32@42:5\n" +
            "  Fixture:   fixtures/x.json",
            report.Describe());
    }

    [Fact]
    public void A_given_input_reads_its_entry_and_reruns_with_its_file()
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [2], 0, [0, 1], null, Harness.Inputs.InputCases.Regime);
        double[] expected = [0.2689414213699951, 0.7310585786300049], actual = [0.5, 0.5];
        var outcome = new CaseOutcome(c, expected, actual, Comparer.Compare(c, expected, actual, Model), null, null);
        var report = new FailureReport("/k.dll:K", new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, 0, 1), outcome, outcome, 0, Model)
        {
            SubjectName = "k",
            Input = "report.json#1 (from issue 12)",
            Rerun = new RerunContext(null, null) { InputFile = "/home/me/report.json" },
        };
        string text = report.Describe();
        Assert.StartsWith("k disagrees with torch on softmax/forward/float64: shape [2], dim 0, regime input, now normal (shrunk from [2] in 0 steps)\n", text);
        Assert.EndsWith(
            "  Input:     report.json#1 (from issue 12)\n" +
            "  Rerun:     harness check --subject /k.dll:K --tolerance softmax/forward/float64=model:1.5 --input /home/me/report.json", text);
    }

    private static int Line([CallerLineNumber] int line = 0) => line;

    private static string ThisFile([CallerFilePath] string file = "") => file;

    // Each on one line with its Line() call, so the expected frames name the right lines.
    private static readonly int BoomLine = Line(); [MethodImpl(MethodImplOptions.NoInlining)] private static void Boom() => throw new InvalidOperationException("row 0 has no maximum");

    private static readonly int ThrownLine = Line(); [MethodImpl(MethodImplOptions.NoInlining)] private static Exception Thrown() { try { Boom(); } catch (Exception e) { return e; } return null!; }
}
