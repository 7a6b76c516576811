using Harness.Cases;
using Harness.Comparison;
using Harness.Subjects;
using PropertyTests.Mutants;
using PropertyTests.Support;
using Reference;

namespace PropertyTests.Engine;

/// <summary>
/// Properties that need no oracle: they hold for any correct softmax, so they check a subject even where libtorch
/// is not available, and they catch bugs a loose cross-check tolerance could hide. Each has a ShouldFail_ twin that
/// shows it rejects a planted bug.
/// </summary>
public sealed class InvariantProperties
{
    /// <summary>Cases per property at HARNESS_SCALE=1.</summary>
    private const int Cases = 200;

    /// <summary>A row of C probabilities sums to 1 within this many machine epsilons per log2 C (plus 4 for the
    /// final rounding of each term): pairwise summation keeps the error near log2 C; a tighter kernel is welcome.</summary>
    private const double SumEpsilonsPerLog2C = 4;

    /// <summary>Shift invariance: x + c with c a small integer and x on a 2^-16 grid within +-200 (+ c < 256: 24 bits) is exact, so x_i - max is the
    /// same and a correct kernel gives the same output within the rounding of the shifted sum: 4 ULP.</summary>
    private const double ShiftUlps = 4;

    public static TheoryData<string, string> SubjectsAndDTypes()
    {
        var data = new TheoryData<string, string>();
        foreach (string s in Subjects.BuiltIn)
            foreach (DType d in Names.AllDTypes)
                data.Add(s, Names.Of(d));
        return data;
    }

    [Theory]
    [MemberData(nameof(SubjectsAndDTypes))]
    public void Softmax_rows_sum_to_one_and_lie_in_0_1(string subject, string dtype) =>
        RowsSumToOne(Subjects.Resolve(subject), SoftmaxOp.Softmax, Parse(dtype));

    [Theory]
    [MemberData(nameof(SubjectsAndDTypes))]
    public void Exp_of_log_softmax_rows_sum_to_one(string subject, string dtype) =>
        RowsSumToOne(Subjects.Resolve(subject), SoftmaxOp.LogSoftmax, Parse(dtype));

    [Theory]
    [MemberData(nameof(SubjectsAndDTypes))]
    public void Softmax_is_shift_invariant(string subject, string dtype) =>
        ShiftInvariant(Subjects.Resolve(subject), SoftmaxOp.Softmax, Parse(dtype));

    [Theory]
    [MemberData(nameof(SubjectsAndDTypes))]
    public void Log_softmax_is_shift_invariant(string subject, string dtype) =>
        ShiftInvariant(Subjects.Resolve(subject), SoftmaxOp.LogSoftmax, Parse(dtype));

    [Theory]
    [MemberData(nameof(SubjectsAndDTypes))]
    public void Softmax_backward_rows_sum_to_zero(string subject, string dtype) =>
        BackwardRowsSumToZero(Subjects.Resolve(subject), Parse(dtype));

    [Fact]
    public void ShouldFail_rows_sum_to_one_rejects_no_max_subtraction() =>
        AssertRejects(() => RowsSumToOne(new NoMaxSubtraction(), SoftmaxOp.Softmax, DType.Float32));

    [Fact]
    public void ShouldFail_rows_sum_to_one_rejects_ignored_batching() =>
        AssertRejects(() => RowsSumToOne(new PerRowLoopIgnoresBatching(), SoftmaxOp.LogSoftmax, DType.Float64));

    [Fact]
    public void ShouldFail_shift_invariance_rejects_no_max_subtraction() =>
        AssertRejects(() => ShiftInvariant(new NoMaxSubtraction(), SoftmaxOp.LogSoftmax, DType.Float32));

    [Fact]
    public void ShouldFail_backward_rows_sum_to_zero_rejects_lost_minus_sign() =>
        AssertRejects(() => BackwardRowsSumToZero(new LostMinusSign(), DType.Float64));

    private static void RowsSumToOne(ISoftmaxKernel kernel, SoftmaxOp op, DType dtype)
    {
        var subject = new KernelSubject(kernel);
        PropertyCheck.ForAll(op, Pass.Forward, dtype, Cases, c =>
        {
            double[] y = subject.Evaluate(c);
            ForEachFiniteRow(c, (row, r) =>
            {
                // Neumaier's compensated sum: the check's own rounding must not count against the kernel.
                double sum = 0, compensation = 0;
                foreach (int i in row)
                {
                    double p = op == SoftmaxOp.Softmax ? y[i] : Math.Exp(y[i]);
                    if (!(p >= 0 && p <= 1)) throw new InvalidOperationException($"row {r}: element {i} is {y[i]:R}, outside a probability's range");
                    double t = sum + p;
                    compensation += Math.Abs(sum) >= Math.Abs(p) ? (sum - t) + p : (p - t) + sum;
                    sum = t;
                }
                sum += compensation;
                double bound = SumEpsilonsPerLog2C * ErrorModel.Epsilon(dtype) * (Math.Log2(row.Length) + 1);
                if (op == SoftmaxOp.LogSoftmax) bound *= 2; // exp of a log-probability adds its own rounding
                if (Math.Abs(sum - 1) > bound) throw new InvalidOperationException($"row {r} sums to {sum:R}, |sum - 1| = {Math.Abs(sum - 1):R} > {bound:R}");
            });
        });
    }

    private static void ShiftInvariant(ISoftmaxKernel kernel, SoftmaxOp op, DType dtype)
    {
        var subject = new KernelSubject(kernel);
        PropertyCheck.ForAll(op, Pass.Forward, dtype, Cases, c =>
        {
            // Put x on a 2^-16 grid within +-2^8 so that x + shift is exact in float32 too.
            double[] x = c.X.Select(v => double.IsFinite(v) ? Math.Round(Math.Clamp(v, -200, 200) * 65536) / 65536 : v).ToArray();
            int shift = 1 + (int)((uint)c.X.Length * 7919 % 40);
            Case original = c.With(x: x);
            Case shifted = c.With(x: x.Select(v => v + shift).ToArray());
            double[] a = subject.Evaluate(original), b = subject.Evaluate(shifted);
            for (int i = 0; i < a.Length; i++)
            {
                double ulps = dtype == DType.Float32 ? Ulp.Float32(a[i], b[i]) : Ulp.Float64(a[i], b[i]);
                if (ulps > ShiftUlps) throw new InvalidOperationException($"element {i}: y(x) = {a[i]:R}, y(x + {shift}) = {b[i]:R}, {ulps} ULP apart");
            }
        });
    }

    private static void BackwardRowsSumToZero(ISoftmaxKernel kernel, DType dtype)
    {
        var subject = new KernelSubject(kernel);
        PropertyCheck.ForAll(SoftmaxOp.Softmax, Pass.Backward, dtype, Cases, c =>
        {
            double[] dx = subject.Evaluate(c);
            ForEachFiniteRow(c, (row, r) =>
            {
                // sum_i dx_i = s (1 - sum_i y_i): zero up to the rounding of the terms, bounded by eps * sum |dy| * C.
                double sum = 0, scale = 0;
                foreach (int i in row)
                {
                    sum += dx[i];
                    scale += Math.Abs(c.Dy![i]);
                }
                double bound = 8 * ErrorModel.Epsilon(dtype) * (scale + 1) * (Math.Log2(row.Length) + 1);
                if (Math.Abs(sum) > bound) throw new InvalidOperationException($"row {r}: dx sums to {sum:R}, more than {bound:R} from 0");
            });
        });
    }

    /// <summary>Calls <paramref name="check"/> with the flat indices of every row whose inputs are all finite or -inf
    /// with at least one finite value (the rows whose output is finite).</summary>
    private static void ForEachFiniteRow(Case c, Action<int[], int> check)
    {
        if (c.Count == 0) return;
        RowLayout layout = c.Layout;
        for (int r = 0; r < layout.Rows; r++)
        {
            int start = layout.RowStart(r);
            int[] row = Enumerable.Range(0, layout.Length).Select(k => start + k * layout.Inner).ToArray();
            bool finiteOutput = row.All(i => double.IsFinite(c.X[i]) || double.IsNegativeInfinity(c.X[i])) && row.Any(i => double.IsFinite(c.X[i]));
            if (finiteOutput) check(row, r);
        }
    }

    private static void AssertRejects(Action property)
    {
        Exception e = Assert.ThrowsAny<Exception>(property);
        Assert.Contains("Falsifiable", e.Message);
    }

    private static DType Parse(string dtype) => Names.TryParseDType(dtype, out DType d) ? d : throw new ArgumentException(dtype);
}
