using Harness.Cases;
using Reference;
using Reference.Vectorized;

namespace PropertyTests.Kernels;

/// <summary>
/// How far the vectorised kernel may sit from the scalar specification (AccurateKernel), element by element. Each
/// bound is a number of units in the last place of the dtype plus terms for the errors either side can carry; every
/// constant says where it came from.
/// </summary>
internal static class VectorizedTolerance
{
    /// <summary>float32 (all passes): 1 ULP, the target. Both kernels compute in double and round once, so
    /// their floats can differ by one step when the exact value sits near a rounding midpoint.</summary>
    public const double Float32Ulps = 1;

    /// <summary>float64: 4 ULP. Two exps of up to 1 ULP each (VectorExp.ForDouble: 0.6 with its AVX-512 table, 1
    /// with the polynomial; glibc's exp), plus one rounding each for the division and for x - max reaching the
    /// polynomial; measured at most 3 (the dominant-logit rows, where the output is as accurate as the row's sum, need
    /// the sums' short blocks: CompensatedSum.BlockIterations).</summary>
    public const double Float64Ulps = 4;

    /// <summary>Unit roundoff of float64, 2^-53.</summary>
    public const double UnitRoundoff64 = 1.1102230246251565e-16;

    /// <summary>The specification sums a row naively in double: Higham's bound for recursive summation is
    /// (C - 1) u relative to the sum of magnitudes. Added on the spec's side for every term built from a sum
    /// (plus 8 roundings of slack for the products and the log around it).</summary>
    public static double SpecSumError(int length) => (length + 8) * UnitRoundoff64;

    /// <summary>VectorExp.ForSingle's relative error (derived in its step 3): the float32 log_softmax backward uses
    /// exp(y) at this accuracy, so dx = dy - exp(y) s may differ from the spec by that much of |exp(y) s|.</summary>
    public const double SingleExpRelative = VectorExp.SingleRelativeError;

    /// <summary>The allowed |actual - expected| for element <paramref name="i"/> of a row.</summary>
    public static double Allowed(DType dtype, SoftmaxOp op, Pass pass, RowContext row, int i, double expected)
    {
        double spacing = Spacing(dtype, expected);
        double ulps = dtype == DType.Float32 ? Float32Ulps : Float64Ulps;
        double sumError = SpecSumError(row.Length);
        if (pass == Pass.Forward)
        {
            return op == SoftmaxOp.Softmax
                ? ulps * spacing + sumError * Math.Abs(expected)
                // log(sum) carries the sum's relative error as an absolute error (d log S = dS / S), plus its own ulp.
                : ulps * spacing + sumError * (1 + Math.Log(row.Length + 1));
        }
        double yi = row.Y(i), dyi = row.Dy(i);
        if (op == SoftmaxOp.Softmax)
        {
            // The specification computes y_i (dy_i sum_j y_j - s), the vectorised kernel y_i (dy_i - s): equal when the
            // y sum to 1, apart by |y_i dy_i| |sum y - 1| for a y rounded to the dtype (twice that: both sides round).
            return ulps * spacing + sumError * Math.Abs(yi) * (Math.Abs(dyi) + row.SumAbsYDy)
                + 2 * Math.Abs(yi * dyi) * Math.Abs(row.SumY - 1);
        }
        double p = Math.Exp(yi);
        double expError = dtype == DType.Float32 ? SingleExpRelative : Float64Ulps * UnitRoundoff64;
        return ulps * spacing + sumError * (Math.Abs(dyi) + p * row.SumAbsDy) + expError * p * row.SumAbsDy;
    }

    /// <summary>The gap to the next representable value of the dtype above |value| (the smallest subnormal at 0).</summary>
    public static double Spacing(DType dtype, double value)
    {
        double a = Math.Abs(value);
        if (dtype == DType.Float32)
        {
            float f = (float)a;
            return float.IsFinite(f) ? (double)MathF.BitIncrement(f) - f : 0;
        }
        return double.IsFinite(a) ? Math.BitIncrement(a) - a : 0;
    }
}

/// <summary>One row's inputs seen by the tolerance: its length and, for backward, y, dy and their sums.</summary>
internal sealed class RowContext(int length, double[] y, double[] dy)
{
    public int Length { get; } = length;
    public double Y(int c) => y[c];
    public double Dy(int c) => dy[c];
    public double SumAbsYDy { get; } = y.Length == 0 ? 0 : Enumerable.Range(0, length).Sum(c => Math.Abs(y[c] * dy[c]));
    public double SumAbsDy { get; } = dy.Length == 0 ? 0 : Enumerable.Range(0, length).Sum(c => Math.Abs(dy[c]));
    public double SumY { get; } = y.Length == 0 ? 1 : Enumerable.Range(0, length).Sum(c => y[c]);
}
