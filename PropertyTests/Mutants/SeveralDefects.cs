using Reference;

namespace PropertyTests.Mutants;

/// <summary>
/// A kernel with five planted defects at once, each of a different failure kind, as a real third-party kernel has
/// them (issue #18 measured 36 distinct defects in real kernels, of which one per group was visible). The
/// distinct-failures report must show every one. Test-only.
/// </summary>
public sealed class SeveralDefects : MutantKernel
{
    /// <summary>The defects, by the failure kind each one shows (<see cref="Harness.Engine.FailureKind"/>).</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "threw NotSupportedException",   // 1. empty tensors rejected
        "threw IndexOutOfRangeException", // 2. rows of length 1 read past their end
        "NaN where torch is finite",     // 3. a row with a -inf mask (not all -inf) comes out NaN
        "finite where torch is NaN",     // 4. NaN inputs are skipped instead of poisoning the row
        "finite error",                  // 5. dim = -2 scales the output by 1 + 1e-3
    ];

    public override string Name => "several-defects";
    public override string Bug => "five defects: empty tensors throw, length-1 rows index out of range, masked rows give NaN, NaN is skipped, dim -2 is off by 1e-3";

    // Not inlined: the thrown-exception test pins this frame in the report, and dynamic PGO may otherwise devirtualise
    // and inline the override into its caller (the frame then vanishes from the stack trace, as seen in one run).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    protected override double[] ForwardAll(SoftmaxOp op, double[] x, ReadOnlySpan<int> shape, int dim, bool float32, int outputLength)
    {
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, outputLength);
        if (x.Length == 0) throw new NotSupportedException("several-defects does not support empty tensors");
        if (layout.Length == 1) ReadPastTheRow(x, layout.Length);
        double[] y = base.ForwardAll(op, x, shape, dim, float32, outputLength);
        if (dim == -2)
        {
            for (int i = 0; i < y.Length; i++) y[i] = float32 ? (float)(y[i] * (1 + 1e-3)) : y[i] * (1 + 1e-3);
        }
        return y;
    }

    protected override void ForwardRow(SoftmaxOp op, double[] x, double[] y, bool float32)
    {
        bool masked = x.Any(double.IsNegativeInfinity) && !x.All(double.IsNegativeInfinity);
        if (masked && !HasNaN(x)) { Array.Fill(y, double.NaN); return; }
        if (HasNaN(x) && x.Any(double.IsFinite))
        {
            // Skips NaN as if it were -inf.
            double[] skipped = x.Select(v => double.IsNaN(v) ? double.NegativeInfinity : v).ToArray();
            if (!skipped.Any(double.IsPositiveInfinity)) { base.ForwardRow(op, skipped, y, float32); return; }
        }
        base.ForwardRow(op, x, y, float32);
    }

    // A loop bound off by one, as real kernels have: the row's last element plus one.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double ReadPastTheRow(double[] x, int length)
    {
        var row = new double[length];
        double sum = 0;
        for (int i = 0; i <= length; i++) sum += row[i] + x[0];
        return sum;
    }
}
