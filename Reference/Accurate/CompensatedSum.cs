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
