using Harness.Cases;
using Harness.Comparison;
using Harness.Generation;
using Reference;

namespace PropertyTests.Engine;

/// <summary>The model tolerance's scales: the in-place computation the comparer uses must give exactly the bound the
/// error analysis states (<see cref="ErrorModel"/>), written here row by row in its plainest form.</summary>
public sealed class ErrorModelTests
{
    private static readonly GeneratorOptions Options = new(MaxElements: 4096);

    public static TheoryData<SoftmaxOp, Pass, DType> Groups()
    {
        var data = new TheoryData<SoftmaxOp, Pass, DType>();
        foreach (SoftmaxOp op in Names.AllOps)
            foreach (Pass pass in Names.AllPasses)
                foreach (DType dtype in Names.AllDTypes)
                    data.Add(op, pass, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Scales_equal_the_plain_row_by_row_formulas_bit_for_bit(SoftmaxOp op, Pass pass, DType dtype)
    {
        for (int i = 0; i < 400; i++)
        {
            Case c = CaseGenerator.Generate(new CaseToken(op, pass, dtype, 20261124, i), Options);
            Assert.Equal(PlainScales(c).Select(BitConverter.DoubleToInt64Bits), ErrorModel.Scales(c).Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Scales_into_a_reused_buffer_overwrite_every_element_of_the_case_and_nothing_after_it()
    {
        Case c = new(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [2, 3], 0, [1, 2, 3, 4, double.NegativeInfinity, 6], [1, -1, 2, 0.5, 3, -2]);
        double[] buffer = Enumerable.Repeat(-7.0, 8).ToArray();
        ErrorModel.Scales(c, buffer);
        Assert.Equal(ErrorModel.Scales(c), buffer[..6]);
        Assert.Equal([-7.0, -7.0], buffer[6..]);
    }

    // The bound as the error analysis states it (the class summary of ErrorModel), one row at a time.
    private static double[] PlainScales(Case c)
    {
        var scales = new double[c.Count];
        if (c.Count == 0) return scales;
        RowLayout layout = c.Layout;
        int n = layout.Length;
        double log2C = n > 1 ? Math.Log2(n) : 0;
        double underflow = ErrorModel.Tiny(c.DType) / ErrorModel.Epsilon(c.DType);
        for (int r = 0; r < layout.Rows; r++)
        {
            int[] at = Enumerable.Range(0, n).Select(k => layout.RowStart(r) + k * layout.Inner).ToArray();
            double[] x = at.Select(i => c.X[i]).ToArray();
            double[] dy = at.Select(i => c.Dy?[i] ?? 0).ToArray();
            double m = double.NegativeInfinity;
            foreach (double v in x) if (v > m) m = v;
            double sum = 0;
            foreach (double v in x) sum += Math.Exp(v - m);
            double[] y = x.Select(v => Math.Exp(v - m) / sum).ToArray();
            double rMax = 0, weighted = 0, absDy = 0;
            for (int k = 0; k < n; k++)
            {
                if (double.IsFinite(x[k])) rMax = Math.Max(rMax, Math.Abs(x[k] - m));
                weighted += y[k] * Math.Abs(dy[k]);
                absDy += Math.Abs(dy[k]);
            }
            for (int k = 0; k < n; k++)
            {
                double reduce = double.IsFinite(x[k]) && double.IsFinite(m) ? Math.Abs(x[k] - m) : 0;
                scales[at[k]] = (c.Op, c.Pass) switch
                {
                    (SoftmaxOp.Softmax, Pass.Forward) => y[k] * (1 + reduce + log2C),
                    (SoftmaxOp.LogSoftmax, Pass.Forward) => reduce + Math.Abs(Math.Log(sum)) + 1 + log2C,
                    (SoftmaxOp.Softmax, Pass.Backward) => y[k] * (Math.Abs(dy[k]) + weighted) * (1 + rMax + log2C) + underflow * (Math.Abs(dy[k]) + absDy),
                    _ => Math.Abs(dy[k]) + y[k] * absDy * (1 + reduce + log2C) + underflow * absDy,
                };
            }
        }
        return scales;
    }
}
