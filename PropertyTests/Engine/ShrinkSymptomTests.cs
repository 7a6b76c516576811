using Harness.Cases;
using Harness.Engine;
using Harness.Generation;
using Harness.Subjects;
using PropertyTests.Mutants;
using PropertyTests.Support;
using Reference;
using Xunit.Abstractions;

namespace PropertyTests.Engine;

/// <summary>
/// Issue #18, item 5: shrinking keeps the symptom. A shrink is kept only when the failure keeps its kind and its error
/// relative to what is allowed stays within 10x of the original's; a negative dim stays negative; the report says
/// which regime the case came from and what it is now.
/// </summary>
public sealed class ShrinkSymptomTests(ITestOutputHelper output)
{
    /// <summary>Large error (1e-4 relative) on rows of 1000 or more, a small one (about 2^-40 relative, still past the
    /// float64 tolerance) on shorter rows: a greedy shrinker that takes any failing candidate trades the first for the second.</summary>
    private sealed class LargeOnLongRows : MutantKernel
    {
        public override string Name => "large-on-long-rows";
        public override string Bug => "1e-4 relative error on rows of 1000+, 1e-12 on shorter rows";

        protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
        {
            base.ForwardRow(op, x, y, float32);
            double scale = 1 + (x.Length >= 1000 ? 1e-4 : 1e-12);
            for (int i = 0; i < y.Length; i++) y[i] *= scale;
        }
    }

    [Fact]
    public void ShouldFail_a_large_defect_is_not_traded_for_a_small_one_while_shrinking()
    {
        CheckReport report = CheckRunner.Run(new CheckOptions
        {
            Subjects = [new KernelSubject(new LargeOnLongRows())],
            Ops = [SoftmaxOp.Softmax],
            Passes = [Pass.Forward],
            DTypes = [DType.Float64],
            Cases = 4,
            Seed = TestRun.Settings.Seed,
            Generator = new GeneratorOptions(Regimes: [Regime.LongRow]),
            Tolerances = TestRun.Tolerances,
            StopAtFirstFailure = true,
            ShrinkPerGroup = 1,
        });
        FailureReport failure = Assert.Single(report.ShrunkFailures);
        output.WriteLine(failure.Describe());
        double original = FailureSymptom.BadnessOf(failure.Original), shrunk = FailureSymptom.BadnessOf(failure.Shrunk);
        Assert.True(shrunk >= original / FailureSymptom.MaxCollapse, $"error/allowed {original} shrank to {shrunk}");
        Assert.True(failure.Shrunk.Case.Count >= 1000, $"shrunk to {failure.Shrunk.Case.Count} elements");
        Assert.True(failure.Shrunk.Case.Count < failure.Original.Case.Count, "did not shrink at all");
    }

    [Fact]
    public void A_candidate_of_another_kind_or_a_collapsed_error_is_rejected()
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [2], 0, [0, 1], null);
        var tolerance = Harness.Comparison.Tolerance.Ulps(4);
        CaseOutcome Outcome(double actual0) =>
            new(c, [0.2689414213699951, 0.7310585786300049], [actual0, 0.7310585786300049],
                Harness.Comparison.Comparer.Compare(c, [0.2689414213699951, 0.7310585786300049], [actual0, 0.7310585786300049], tolerance), null, null);
        double ulp = Math.BitIncrement(0.2689414213699951) - 0.2689414213699951;
        FailureSymptom symptom = FailureSymptom.Of(Outcome(0.2689414213699951 + 1000 * ulp))!;
        Assert.Equal(FailureKind.FiniteError, symptom.Kind);
        Assert.True(symptom.KeptBy(Outcome(0.2689414213699951 + 200 * ulp)));    // 50x allowed: within 10x of 250x
        Assert.False(symptom.KeptBy(Outcome(0.2689414213699951 + 20 * ulp)));    // 5x allowed: collapsed toward the limit
        Assert.False(symptom.KeptBy(Outcome(double.NaN)));                        // another kind
        Assert.False(symptom.KeptBy(Outcome(0.2689414213699951)));                // passes
    }

    [Fact]
    public void Every_shrink_candidate_of_a_negative_dim_keeps_it_negative()
    {
        for (int i = 0; i < 200; i++)
        {
            Case c = CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, 11, i), new GeneratorOptions(MaxElements: 2000));
            if (c.Dim >= 0 || c.Rank == 0) continue;
            int axis = c.Rank + c.Dim;
            foreach (Case candidate in Shrinker.Candidates(c).Take(100))
            {
                Assert.True(candidate.Dim < 0, $"{c} -> {candidate}");
                if (candidate.Rank == c.Rank) Assert.Equal(c.Dim, candidate.Dim);
            }
            Assert.True(axis >= 0);
        }
    }

    [Fact]
    public void ShouldFail_a_bug_only_for_dim_minus_two_shrinks_to_a_small_case_with_dim_minus_two()
    {
        GroupResult group = Assert.Single(DistinctFailuresTests.RunSeveralDefects(200).Groups);
        FailureReport finite = group.Shrunk.Single(f => f.Kind == FailureKind.FiniteError);
        output.WriteLine(finite.Describe());
        Assert.Equal(-2, finite.Shrunk.Case.Dim);
        Assert.True(finite.Shrunk.Case.Count <= 4, $"shrunk to shape [{string.Join(", ", finite.Shrunk.Case.Shape)}]");
    }

    [Theory]
    [InlineData(new double[] { 0, 1, 2 }, 3, Regime.Normal)]
    [InlineData(new double[] { 0, double.NaN, 2 }, 3, Regime.NaN)]
    [InlineData(new double[] { 0, double.NegativeInfinity, 2 }, 3, Regime.Masked)]
    [InlineData(new double[] { double.NegativeInfinity, double.NegativeInfinity, 2 }, 1, Regime.FullyMasked)]
    [InlineData(new double[] { 5000, 1, -3 }, 3, Regime.Wide)]
    [InlineData(new double[] { 3 }, 1, Regime.SingleColumn)]
    public void The_regime_of_a_shrunk_case_is_read_from_its_values(double[] x, int columns, string regime)
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [x.Length / columns, columns], -1, x, null);
        Assert.Equal(regime, RegimeClassifier.Classify(c));
    }
}
