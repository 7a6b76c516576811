using Reference.Numerics;

namespace Reference.Accurate;

public sealed partial class AccurateKernel
{
    /// <summary>
    /// float32 log_softmax backward of one row: dx_i = dy_i - exp(y_i) T, T = sum_j dy_j, in double (T
    /// compensated, exp within 1 ulp), rounded once to float.
    /// </summary>
    private static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Row row)
    {
        var sum = new CompensatedSum();
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride) sum.Add(Widen.ToDouble(dy[i]));
        double t = double.IsFinite(sum.Value) ? sum.Value : sum.Naive;
        for (int c = 0, i = 0; c < row.Length; c++, i += row.Stride)
        {
            dx[i] = (float)(Widen.ToDouble(dy[i]) - DoubleExp.Exp(Widen.ToDouble(y[i])) * t);
        }
    }

    /// <summary>
    /// float64 log_softmax backward of one row, in double-double: T = sum_j dy_j, p_i = exp(y_i), and
    /// dy_i - p_i T, where the cancellation is, rounded once.
    /// </summary>
    private static void LogSoftmaxBackward(ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, Row row)
    {
        DoubleDouble t = DoubleDouble.Zero;
        double naive = 0;
        for (int c = 0; c < row.Length; c++)
        {
            t += dy[row[c]];
            naive += dy[row[c]];
        }
        bool special = !t.IsFinite;
        for (int c = 0; c < row.Length; c++)
        {
            int i = row[c];
            if (special || !double.IsFinite(y[i]))
            {
                // IEEE double semantics for inf and NaN (exp(-inf) = 0 keeps a masked element's dx = dy_i).
                dx[i] = dy[i] - Math.Exp(y[i]) * naive;
                continue;
            }
            dx[i] = (dy[i] - DoubleDouble.ExpFast(y[i]) * t).Hi;
        }
    }
}
