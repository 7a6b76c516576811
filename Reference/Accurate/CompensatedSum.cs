using Reference.Numerics;

namespace Reference.Accurate;

/// <summary>
/// A running sum of doubles with its rounding errors carried exactly and added back at the end (Ogita, Rump and
/// Oishi, "Accurate sum and dot product", 2005, Algorithm Sum2; Neumaier's 1974 variant of Kahan's summation).
/// The result is as accurate as if computed in twice the precision and rounded once: error at most
/// u |S| + (n u)^2 sum |x_i|, so it does not grow like C (a naive sum: (C - 1) u) or even log2 C (pairwise).
/// </summary>
internal struct CompensatedSum
{
    private double _sum, _error;

    public void Add(double value)
    {
        _sum = DoubleDouble.TwoSum(_sum, value, out double e);
        _error += e;
    }

    public readonly double Value => _sum + _error;

    /// <summary>The plain (uncompensated) sum, used where special values must propagate as in IEEE arithmetic.</summary>
    public readonly double Naive => _sum;
}

/// <summary>
/// A compensated sum of terms in [0, 1] (softmax's exp(x_i - max)), cheaper than <see cref="CompensatedSum"/>: it
/// starts at 1, so the running sum is never smaller than the next term and Dekker's Fast2Sum (three operations,
/// against TwoSum's six) carries each rounding error exactly. The 1 comes off at the end exactly (s - 1 is a
/// double for 1 &lt;= s &lt; 2^53). Same bound as Sum2: for n terms summing to S &gt;= 1 (softmax's include its largest,
/// 1), within u S + 2 (n u)^2 S of the exact sum.
/// </summary>
internal struct DominatedSum
{
    private double _sum = 1, _error;

    public DominatedSum() { }

    public void Add(double term)
    {
        _sum = DoubleDouble.QuickTwoSum(_sum, term, out double e);
        _error += e;
    }

    public readonly double Value => (_sum - 1) + _error;

    /// <summary>
    /// The sum less one of its terms, a 1 (log_softmax's largest), taken off as exactly as the start: s - 2 is a
    /// double for 2 &lt;= s &lt; 2^53. Within u |Rest| + (n u)^2 (2 + Rest) of the exact value.
    /// </summary>
    public readonly double Rest => (_sum - 2) + _error;
}
