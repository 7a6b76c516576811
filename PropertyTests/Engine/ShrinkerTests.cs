using Harness.Cases;
using Harness.Generation;
using Reference;

namespace PropertyTests.Engine;

public sealed class ShrinkerTests
{
    [Fact]
    public void Every_candidate_is_a_valid_case_no_larger_than_the_original()
    {
        for (int i = 0; i < 200; i++)
        {
            Case c = CaseGenerator.Generate(new CaseToken(SoftmaxOp.Softmax, Pass.Backward, DType.Float32, 9, i), new GeneratorOptions(MaxElements: 2000));
            foreach (Case candidate in Shrinker.Candidates(c).Take(200))
            {
                Assert.True(candidate.Count <= c.Count);
                Assert.True(candidate.Rank <= c.Rank);
                Assert.Equal(c.Op, candidate.Op);
                Assert.Equal(c.Pass, candidate.Pass);
                Assert.NotNull(candidate.Dy);
            }
        }
    }

    [Fact]
    public void Minimize_reaches_a_one_element_case_when_any_NaN_fails()
    {
        var x = Enumerable.Range(0, 4 * 5 * 6).Select(i => i == 77 ? double.NaN : i * 0.25).ToArray();
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [4, 5, 6], -2, x, null);
        (Case smallest, int steps) = Shrinker.Minimize(c, k => k.X.Any(double.IsNaN));
        Assert.Equal(1, smallest.Count);
        Assert.True(double.IsNaN(smallest.X[0]));
        Assert.True(steps > 0);
    }

    [Fact]
    public void Minimize_keeps_only_shrinks_that_still_fail()
    {
        // Fails while some value exceeds 88 (float32 exp overflow): the shrunk case keeps one such value.
        var x = new double[] { 1, 2, 300, 4, 5, 6, 7, 8, 9 };
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [3, 3], 1, x, null);
        (Case smallest, _) = Shrinker.Minimize(c, k => k.X.Any(v => v > 88));
        Assert.Equal(1, smallest.Count);
        Assert.True(smallest.X[0] > 88 && smallest.X[0] <= 300, smallest.ToString());
    }

    [Fact]
    public void Minimize_stops_at_the_original_when_no_candidate_fails()
    {
        var c = new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float64, [2], 0, [1.5, 2.5], null);
        (Case smallest, int steps) = Shrinker.Minimize(c, k => k == c);
        Assert.Same(c, smallest);
        Assert.Equal(0, steps);
    }
}
