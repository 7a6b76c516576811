namespace Reference.Vectorized;

/// <summary>log(1 + t) to a few ULP for t &gt;= 0, also when t is far below the double epsilon.</summary>
/// <remarks>
/// log_softmax subtracts log(sum) from x - m; for the largest element that difference is -log(sum) itself, and
/// with one dominant logit sum = 1 + t with t tiny. log(RN(1 + t)) loses everything below 2^-53 of t (libtorch
/// returns exactly 0 there, in float32 already for t &lt; 6e-8). The kernels therefore carry t = sum - 1 exactly
/// (the max elements' exact 1s are counted apart) and take log1p(t) by Goldberg's trick (What Every Computer
/// Scientist Should Know About Floating-Point Arithmetic, Theorem 4): with u = RN(1 + t),
/// log1p(t) = log(u) * t / (u - 1), because u - 1 is exact and the ratio t / (u - 1) corrects the rounding of u.
/// It is called once per row, so the scalar Math.Log is fine; no vectorised log is needed.
/// </remarks>
internal static class Log1p
{
    public static double Of(double t)
    {
        double u = 1.0 + t;
        if (u == 1.0) return t;
        if (double.IsInfinity(u) || double.IsNaN(u)) return Math.Log(u);
        return Math.Log(u) * (t / (u - 1.0));
    }
}
