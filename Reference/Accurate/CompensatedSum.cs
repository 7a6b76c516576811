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

    /// <summary>The sum as a double-double (high word and error, renormalised); meaningful while the sum is finite.</summary>
    public readonly DoubleDouble Total
    {
        get
        {
            double hi = DoubleDouble.QuickTwoSum(_sum, _error, out double lo);
            return new DoubleDouble(hi, lo);
        }
    }
}

/// <summary>
/// A compensated sum of terms in [0, 1] (softmax's exp(x_i - max)), cheaper than <see cref="CompensatedSum"/>: it
/// starts at 2, so the running sum is never smaller than the next term, or the next pair of terms, and Dekker's
/// Fast2Sum (three operations, against TwoSum's six) carries each rounding error exactly. The 2 comes off at the
/// end exactly (s - 2 is a double for 2 &lt;= s &lt; 2^53). Terms added one at a time: Sum2's bound, for n terms
/// summing to S (with the start, 2 + S &lt;= 3S when S &gt;= 1, as softmax's include their largest, 1): within
/// u S + 3 (n u)^2 S of the exact sum. Added in pairs (<see cref="Add(double, double)"/>: one Fast2Sum per two terms,
/// the pair's own sum rounded, at most u of the pair): within 2u S + 3 (n u)^2 S.
/// </summary>
internal struct DominatedSum
{
    private double _sum = 2, _error;

    public DominatedSum() { }

    public void Add(double term)
    {
        _sum = DoubleDouble.QuickTwoSum(_sum, term, out double e);
        _error += e;
    }

    /// <summary>
    /// Adds two terms, summed first in plain double (their sum, at most 2, is never above the running sum).
    /// </summary>
    public void Add(double first, double second)
    {
        _sum = DoubleDouble.QuickTwoSum(_sum, first + second, out double e);
        _error += e;
    }

    public readonly double Value => (_sum - 2) + _error;

    /// <summary>
    /// The sum less one of its terms, a 1 (log_softmax's largest), taken off as exactly as the start: s - 3 is a
    /// double for 3 &lt;= s &lt; 2^53 (a multiple of s's ulp, at most 1, and no larger than s). Within u |Rest| +
    /// 3 (n u)^2 (3 + Rest) of the exact value, plus u (1 + Rest) when the terms came in pairs.
    /// </summary>
    public readonly double Rest => (_sum - 3) + _error;
}
