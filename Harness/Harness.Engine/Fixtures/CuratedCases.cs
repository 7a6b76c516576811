using Harness.Cases;
using Harness.Comparison;
using Harness.Oracles;
using Harness.Settings;
using Harness.Subjects;
using Reference;

namespace Harness.Fixtures;

/// <summary>
/// Hand-picked cases kept as fixtures in fixtures/ (replay token "curated:&lt;name&gt;"): the seed documents' worked
/// examples, and one case per hard regime of DESIGN.md, chosen so that a kernel that mishandles the regime fails
/// it (each comment says how). A test checks that every case here has its file, so the list and the folder agree.
/// </summary>
public static class CuratedCases
{
    private const double Inf = double.PositiveInfinity;

    public static IReadOnlyList<(string Name, Case Case)> All { get; } = Build();

    private static List<(string Name, Case Case)> Build()
    {
        double[] seed2x2 = [1, 2, 2, 5];
        double[] seed123 = [1, 2, 3];
        var cases = new List<(string, Case)>
        {
            // The seed notebooks' worked examples (PropertyTests/Foundation/GoldenValues.cs holds their printed values).
            ("seed-softmax-2x2-forward", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [2, 2], -1, seed2x2, null, "seed")),
            ("seed-softmax-2x2-backward", new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [2, 2], 1, seed2x2, [1, 3, 2, 4], "seed")),
            ("seed-softmax-1-2-3-forward", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [3], 0, seed123, null, "seed")),
        };
        // Row k of the Jacobian diag(y) - y y^T is the backward pass with the one-hot upstream gradient e_k.
        for (int k = 0; k < 3; k++)
        {
            var oneHot = new double[3];
            oneHot[k] = 1;
            cases.Add(($"seed-softmax-1-2-3-jacobian-row-{k}", new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [3], 0, seed123, oneHot, "seed")));
        }
        cases.AddRange(
        [
            // exp(1e4) overflows in float32 and float64 alike: a kernel that skips the max subtraction gives NaN.
            ("overflow-scale-logits", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [2, 4], -1,
                [10000, 9999, 9998.5, 9990, -10000, -9999.5, -10000, -9998], null, "wide")),
            // Row 0 is all -inf: torch gives NaN (0/0). Row 1 is partly masked: masked entries give exactly 0.
            ("fully-masked-row", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [2, 3], -1,
                [-Inf, -Inf, -Inf, 0, -Inf, 1], null, "masked")),
            // One NaN makes its whole row NaN; the other row is unaffected.
            ("nan-row", new Case(SoftmaxOp.LogSoftmax, Pass.Forward, DType.Float64, [2, 3], 1,
                [1, double.NaN, 2, 1, 2, 3], null, "nan")),
            // +inf: m = inf, so x - m is inf - inf = NaN for the +inf entry, and the whole row is NaN.
            ("positive-infinity", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [2, 3], -1,
                [Inf, 1, 2, 1, 2, Inf], null, "inf")),
            // float32 outputs below 2^-126 (1.2e-38): exp(-90) = 8.2e-40 and exp(-100) = 3.7e-44 are subnormal.
            ("subnormal-outputs", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [1, 4], -1,
                [0, -90, -100, -87.5], null, "subnormal")),
            ("wide-row-50257", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [1, 50257], -1, WideRow(), null, "long-row")),
            // Shape (5, 0, 0): no rows to normalise; the result is empty too.
            ("empty-tensor", new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float32, [5, 0, 0], 1, [], null, "empty")),
            // dim -2 of a rank-3 tensor: rows are strided (stride 4), the case a kernel that ignores Inner gets wrong.
            ("rank3-negative-dim", new Case(SoftmaxOp.LogSoftmax, Pass.Backward, DType.Float64, [2, 3, 4], -2,
                Pattern(24, 7, 11, 5, 0.5), Pattern(24, 5, 7, 3, 0.25), "rank3")),
        ]);
        return cases;
    }

    /// <summary>
    /// A GPT-2-vocabulary row (50,257 logits) whose file stays small: zeros everywhere (their outputs, exp(-200)/S,
    /// underflow to exactly 0 in float32), the maximum 200 in the very last element, so a kernel whose tail path
    /// drops or misreads the last elements misses the maximum, and every 997th element between 191 and 199, so the
    /// sum gathers about fifty terms from across the whole row. Short decimals keep the file near 450 KB.
    /// </summary>
    private static double[] WideRow()
    {
        var x = new double[50257];
        for (int i = 0; i < x.Length; i += 997) x[i] = 191 + (i / 997) % 9;
        x[^1] = 200;
        return x;
    }

    /// <summary>((i * step) mod modulus - offset) * scale: small exact values with no row constant.</summary>
    private static double[] Pattern(int count, int step, int modulus, int offset, double scale)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = ((i * step) % modulus - offset) * scale;
        return values;
    }

    /// <summary>Evaluates every curated case with <paramref name="subject"/> and torch, and saves each as a fixture in
    /// <paramref name="directory"/> under the tolerance <paramref name="tolerances"/> gives its kind.</summary>
    /// <returns>The paths written (or already holding the case), in the order of <see cref="All"/>.</returns>
    public static IReadOnlyList<string> WriteAll(string directory, ISoftmaxKernel subject, ToleranceTable tolerances)
    {
        var store = new FixtureStore(directory);
        var oracle = new TorchOracle();
        var kernel = new KernelSubject(subject);
        var paths = new List<string>();
        foreach (var (name, c) in All)
        {
            double[] expected = oracle.Evaluate(c);
            double[] actual = kernel.Evaluate(c);
            Tolerance tolerance = tolerances.For(c);
            Verdict verdict = Comparer.Compare(c, expected, actual, tolerance);
            var fixture = new Fixture(Fixture.CurrentSchemaVersion, c, subject.Name, expected, actual, verdict, tolerance,
                "curated:" + name, FixtureProvenance.Current());
            paths.Add(store.Save(fixture));
        }
        return paths;
    }
}
