using Harness.Comparison;
using Harness.Tuning;

namespace PropertyTests.Cli;

/// <summary>The recommendation math on synthetic samples whose answers are known by hand.</summary>
public sealed class RecommenderTests
{
    private static ErrorSample Sample(double maxUlp, double k, params (double Error, double Magnitude)[] elements) =>
        new("softmax/forward/float64", "normal", "s", false, elements.Length == 0 ? 0 : elements.Max(e => e.Error), 0, maxUlp, k, ErrorFrontier.From(elements), double.NaN, double.NaN);

    [Fact]
    public void Each_mode_takes_the_largest_need_times_the_margin_rounded_up_to_two_digits()
    {
        var samples = new[] { Sample(3, 0.5, (1e-16, 1)), Sample(10, 2.04, (4e-16, 0.5)), Sample(1, 0.1, (1e-17, 1)) };
        Recommendation r = Recommender.Recommend("softmax/forward/float64", samples, margin: 2);
        Assert.Equal(Tolerance.Ulps(20), r.Ulp.Tolerance);
        Assert.Equal(Tolerance.Model(4.1), r.Model.Tolerance);
        Assert.Equal(10, r.Ulp.Observed);
        Assert.Equal(2.04, r.Model.Observed);
    }

    [Fact]
    public void Floors_keep_an_exact_subject_from_getting_a_zero_tolerance()
    {
        var samples = new[] { Sample(0, 0), Sample(0, 0) };
        Recommendation r = Recommender.Recommend("softmax/forward/float64", samples);
        Assert.Equal(1, r.Ulp.Tolerance.MaxUlps);
        Assert.Equal(1, r.Model.Tolerance.K);
        Assert.True(r.AllClose.Tolerance.Atol > 0);
    }

    [Fact]
    public void Frontier_gives_the_exact_atol_each_rtol_needs()
    {
        var f = ErrorFrontier.From([(1e-6, 0.0), (3e-6, 1.0), (2e-6, 2.0), (0, 5.0)]);
        Assert.Equal(2, f.Count); // (2e-6, 2) is dominated by (3e-6, 1); the zero error needs nothing
        Assert.Equal(3e-6, f.RequiredAtol(0));
        Assert.Equal(1e-6, f.RequiredAtol(2e-6), 15);
        Assert.Equal(1.5, f.Utilisation(2e-6, 0), 12);
    }

    [Fact]
    public void Allclose_recommendation_passes_every_sample_with_the_margin()
    {
        var samples = Enumerable.Range(1, 50).Select(i => Sample(i, i / 10.0, (i * 1e-17, i / 50.0), (1e-18, 0))).ToList();
        Recommendation r = Recommender.Recommend("softmax/forward/float64", samples, margin: 2);
        Assert.All(samples, s => Assert.True(s.Utilisation(r.AllClose.Tolerance) <= 0.5 + 1e-12));
        Assert.All(samples, s => Assert.True(s.Utilisation(r.Model.Tolerance) <= 0.5));
    }

    [Fact]
    public void Least_slack_picks_the_mode_that_follows_the_errors()
    {
        // ULP errors vary 1..100 across cases, but every case needs the same k: the model bound follows them.
        var samples = Enumerable.Range(1, 100).Select(i => Sample(i, 1.0, (i * 1e-16, 1))).ToList();
        Recommendation r = Recommender.Recommend("softmax/forward/float64", samples, margin: 2);
        Assert.Equal(ToleranceMode.Model, r.Best);
        Assert.Equal(2, r.Model.Slack, 12);
        Assert.True(r.Ulp.Slack > 3);
        Assert.Equal(3, Recommender.DefaultMargin);
    }

    [Fact]
    public void Untunable_samples_are_counted_and_excluded()
    {
        var samples = new[] { Sample(2, 1, (1e-16, 1)), new ErrorSample("softmax/forward/float64", "nan", "s", true, double.NaN, double.NaN, double.NaN, double.PositiveInfinity, ErrorFrontier.Empty, double.NaN, double.NaN) };
        Recommendation r = Recommender.Recommend("softmax/forward/float64", samples, margin: 2);
        Assert.Equal(1, r.Untunable);
        Assert.Equal(Tolerance.Ulps(4), r.Ulp.Tolerance);
    }

    [Theory]
    [InlineData(3.71e-6, 3.8e-6)]
    [InlineData(3.8e-6, 3.8e-6)]
    [InlineData(99.1, 100)]
    [InlineData(1, 1)]
    [InlineData(664.23 * 2, 1400)]
    [InlineData(double.Epsilon, 5e-324)]
    public void RoundUp_keeps_two_significant_digits_and_never_goes_down(double v, double expected)
    {
        Assert.Equal(expected, Recommender.RoundUp(v));
        Assert.True(Recommender.RoundUp(v) >= v);
    }
}
