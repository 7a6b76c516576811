using Reference.Accurate;
using Reference.Numerics;

namespace PropertyTests.Kernels;

/// <summary>
/// The accurate float32 softmax's sum of exp terms: Fast2Sum from a start of 2, taken off at the end. Its bound
/// for a sum S &gt;= 1 of n terms in [0, 1]: u S + 3 (n u)^2 S, u = 2^-53, and u S more when they come in pairs.
/// </summary>
public sealed class DominatedSumTests
{
    private const double U = 1.0 / (1L << 53);

    /// <summary>
    /// Rows as softmax makes them: one term 1, the rest in [0, 1] with magnitudes spread over 2^-40..1, against the
    /// double-double sum. A plain running sum of 50,000 such terms is off by hundreds of u.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(50_257)]
    public void Is_within_u_of_the_exact_sum(int n) => AssertWithinBound(n, pairs: false, boundInU: 1);

    /// <summary>
    /// The same rows added two terms at a time, as the kernels do: within 2u (each pair's own sum rounds once).
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(1001)]
    [InlineData(50_257)]
    public void In_pairs_is_within_2u_of_the_exact_sum(int n) => AssertWithinBound(n, pairs: true, boundInU: 2);

    private static void AssertWithinBound(int n, bool pairs, double boundInU)
    {
        var random = new Random(n);
        for (int trial = 0; trial < 20; trial++)
        {
            var terms = new double[n];
            for (int i = 0; i < n; i++) terms[i] = i == 0 ? 1 : Math.Pow(2, -40 * random.NextDouble()) * random.NextDouble();
            var sum = new DominatedSum();
            int next = 0;
            if (pairs) for (; next + 1 < n; next += 2) sum.Add(terms[next], terms[next + 1]);
            for (; next < n; next++) sum.Add(terms[next]);
            DoubleDouble exact = DoubleDouble.Zero;
            foreach (double term in terms) exact = DoubleDouble.AddFast(exact, term);
            double error = Math.Abs((sum.Value - exact.Hi) - exact.Lo);
            double bound = boundInU * U * exact.Hi + 3 * Math.Pow(n * U, 2) * exact.Hi;
            Assert.True(error <= bound, $"n = {n}: {sum.Value:R} vs {exact.Hi:R} + {exact.Lo:R}, error {error / (U * exact.Hi):F3} u");
        }
    }

    /// <summary>Terms far below the start of 2 all fall into the error word; the 2 comes off the sum word before
    /// the error is added back, so they survive (adding first and subtracting 2 after would give 0).</summary>
    [Fact]
    public void Takes_its_start_off_exactly()
    {
        var sum = new DominatedSum();
        Assert.Equal(0.0, sum.Value);
        sum.Add(Math.ScaleB(1, -60));
        sum.Add(Math.ScaleB(3, -61));
        Assert.Equal(Math.ScaleB(5, -61), sum.Value);
    }

    /// <summary>Rest takes a term of 1 off the same way (log_softmax's largest term): what is left of tiny terms
    /// survives whole.</summary>
    [Fact]
    public void Rest_takes_a_term_of_1_off_exactly()
    {
        var sum = new DominatedSum();
        sum.Add(1);
        sum.Add(Math.ScaleB(1, -60));
        sum.Add(Math.ScaleB(3, -61));
        Assert.Equal(Math.ScaleB(5, -61), sum.Rest);
        Assert.Equal(1 + Math.ScaleB(5, -61), sum.Value);
    }
}
