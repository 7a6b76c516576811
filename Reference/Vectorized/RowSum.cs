namespace Reference.Vectorized;

/// <summary>
/// A row's running sum as TwoSum pairs (value + compensation), plus the count of exact 1s left out of it: the terms
/// exp(0) of the row's maxima, which log_softmax keeps apart so that sum - 1 stays exact (see <see cref="Log1p"/>).
/// </summary>
internal struct RowSum
{
    public double Sum;
    public double Compensation;
    public double Ones;

    /// <summary>The rounding errors of <see cref="Ones"/>'s additions, where the float64 backward keeps the weights'
    /// sum error-free (<see cref="Add(double, double, double, double)"/>).</summary>
    public double OnesCompensation;

    /// <summary>The next row's largest element, where the pass took it on the way (ContiguousRows.ForwardOverlapped).</summary>
    public float NextMax;

    /// <summary>The whole sum.</summary>
    public readonly double Total => Compensated + Ones;

    /// <summary>Softmax backward: the sum of y dy over the sum of y, which the backward's sums keep in
    /// <see cref="Ones"/> (ContiguousRows.AddY); the sum itself when the weights sum to 0 or not to a finite value
    /// (y that no softmax gave: the formula y (dy - s) as PyTorch writes it).</summary>
    public readonly double WeightedMean => Ones != 0 && double.IsFinite(Ones) ? Compensated / Ones : Compensated;

    /// <summary>
    /// Softmax backward, float64: <see cref="WeightedMean"/> as a double-double (High + Low, |Low| at most half an ulp
    /// of High), from the sums of y dy and of y each kept error-free (<see cref="Add(double, double, double, double)"/>).
    /// High is the quotient of the two sums' high words; the remainder t - High w is exact (a fused multiply-add),
    /// and the low words enter it rounded, so Low / High is within a few u^2 of the exact quotient's. Where the
    /// weights sum to 0 or not to a finite value: the sum itself (as <see cref="WeightedMean"/>); where the quotient is
    /// not finite: the quotient alone.
    /// </summary>
    public readonly (double High, double Low) WeightedMeanParts
    {
        get
        {
            double t = Compensated, tLow = TotalLow;
            if (Ones == 0 || !double.IsFinite(Ones)) return (t, tLow);
            double w = Ones + OnesCompensation;
            double wLow = OnesCompensation - (w - Ones);
            // the reciprocal beside the quotient, not a second division after it: the low word needs a few bits only
            double q = t / w, reciprocal = 1.0 / w;
            if (!double.IsFinite(q) || w == 0) return (q, 0.0);
            double remainder = Math.FusedMultiplyAdd(-q, w, t) + tLow - q * wLow;
            return (q, remainder * reciprocal);
        }
    }

    /// <summary>What <see cref="Total"/> rounded off (softmax rows, whose Ones are 0): Sum + Compensation as a
    /// double-double, Total its high word (Fast2Sum: |Sum| &gt;= |Compensation|). 0 when the sum is not finite.</summary>
    public readonly double TotalLow => double.IsFinite(Sum) ? Compensation - (Compensated - Sum) : 0.0;

    /// <summary>The whole sum of plain partial sums (<see cref="AddPlain"/>): with no compensation, Sum needs no test
    /// for infinity (and the row's end no branch on it).</summary>
    public readonly double PlainTotal => Sum + Ones;

    /// <summary>The sum minus 1, without the rounding of 1 + tiny: (terms other than the maxima) + (maxima - 1).</summary>
    public readonly double Rest => Compensated + (Ones - 1.0);

    /// <summary>Sum + Compensation, except that an infinite sum (a term of ±inf, as a dy can hold) stays infinite:
    /// TwoSum's error term is then inf - inf = NaN, which a plain running sum, and PyTorch, would not produce.</summary>
    private readonly double Compensated => double.IsFinite(Sum) ? Sum + Compensation : Sum;

    /// <summary>Adds a plain partial sum (float32 rows: no TwoSum, see ContiguousRows.PlainLaneSums).</summary>
    public void AddPlain(double sum, double ones)
    {
        Sum += sum;
        Ones += ones;
    }

    /// <summary>
    /// float64 backward: one lane's sum of terms and sum of weights, each with the error term of its own additions,
    /// both added with TwoSum (the weights' errors into <see cref="OnesCompensation"/>).
    /// </summary>
    public void Add(double sum, double compensation, double weights, double weightsCompensation)
    {
        Add(sum, compensation, 0.0);
        double s = Ones + weights;
        double weightsPart = s - Ones;
        double error = (Ones - (s - weightsPart)) + (weights - weightsPart);
        Ones = s;
        OnesCompensation += weightsCompensation + error;
    }

    public void Add(double sum, double compensation, double ones)
    {
        // Knuth's TwoSum: each part subtracted from its own addend (Sum - SumPart and sum - (s - SumPart) are exact).
        // Subtracting them crosswise, as this did before, has the same algebraic value but rounds: with the float64
        // sums now exact lane by lane, it was what left softmax outputs 3-5 ULP off.
        double s = Sum + sum;
        double sumPart = s - sum;
        double error = (Sum - sumPart) + (sum - (s - sumPart));
        Sum = s;
        Compensation += compensation + error;
        Ones += ones;
    }
}
