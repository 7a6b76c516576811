using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// The float64 backward's sums and log_softmax's output, error-free where the result cancels.
/// </summary>
/// <remarks>
/// <para>Why (issue #20): dx_i = y_i (dy_i - s) cancels where dy_i is close to s, and s comes from a sum whose terms
/// can be far larger than dx. With one dominant output y_0 = 1 - 3e-11, s is dy_0 to within 1e-11, and dx_0 =
/// y_0 (dy_0 - s) is about 1e-11: blocked, compensated sums of y dy (each product rounded, each block's 8 additions
/// rounded) left s off by an ulp of dy_0, 1e-16, 10^10 ULP of that dx (libtorch, with one rounding fewer on such
/// short rows, was off by 1e-17). On ordinary rows the same roundings cost 2-16 ULP of a row's largest |dx| more than
/// libtorch's; log_softmax's sum of dy, 2-5.</para>
/// <para>How: every product y dy is split exactly (TwoProduct: p = RN(y dy), y dy - p by one fused multiply-add; a
/// float32 product is exact in double) and every addition too (Knuth's TwoSum; Fast2Sum for the y, on a register
/// from 2), per lane, into a running sum and an error register; the lanes then go in with TwoSums across halves
/// (<see cref="ILanes{TVector}.ExactSum"/>). float32 softmax rows take the same sums (see
/// <see cref="GradientSum{TLanes, TVector, TElement, TSoftmax}"/>). The sums of y dy, of y and of dy are then
/// within about n^2 u^2 of their exact values relative to the sums of magnitudes (n the additions per lane; below
/// 2^-90 for rows of 10^5), and s = sum y dy / sum y is taken as a double-double (<see cref="RowSum.WeightedMeanParts"/>).
/// The output is then y (dy - s) with dy - s_hi split exactly (TwoSum) and one rounding at the end, so dx_i is
/// within about half an ulp of y_i times the exact difference, however small. With y from a softmax (each within an ulp or two),
/// the y_0 of a dominant output cancels out of dy_0 - s exactly: it is in both sums, and s is their quotient.</para>
/// <para>log_softmax: dx = dy - exp(y) G, G = sum dy as a double-double. exp(y) = a + b unrounded
/// (<see cref="VectorExp.ForDoubleParts{TLanes, TVector}"/>), a G split exactly, dy - a G_hi by TwoSum, and the small
/// terms (a G_hi's low word, b G_hi, a G_lo) added last: one rounding of the result plus exp's 0.03 ulp, where the
/// fused dy - RN(exp(y)) RN(G) had exp's rounding (half an ulp of exp(y) G) and G's (half an ulp of G) besides.
/// Where the result is not finite (y above 709, or a G of ±inf) the fused formula's value is taken, as PyTorch's.</para>
/// <para>Cost: the softmax sum pass does 13 vector operations per register instead of 3 (float32: 10), log_softmax's
/// 6 instead of 1; the float64 output passes about 7 (softmax) and 17 (log_softmax) more. See docs/kernels.md for the
/// measured time.</para>
/// </remarks>
internal static partial class ContiguousRows
{
    /// <summary>
    /// sum y dy and sum y (softmax) or sum dy (log_softmax) from <paramref name="i"/>, every product and addition
    /// error-free, in two independent register sets (two registers a step), then across the lanes
    /// (<see cref="AddLanes{TLanes, TVector}"/>) into <paramref name="sum"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ExactGradientSum<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, int length, int i, ref RowSum sum)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        int w = TLanes.Count;
        if (length - i < w) return i;
        TVector zero = TLanes.Create(0.0), start = TLanes.Create(ExactStart);
        TVector t0 = zero, e0 = zero, s0 = start, f0 = zero, t1 = zero, e1 = zero, s1 = start, f1 = zero;
        for (; i <= length - 2 * w; i += 2 * w)
        {
            ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i, zero, ref t0, ref e0, ref s0, ref f0);
            ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i + w, zero, ref t1, ref e1, ref s1, ref f1);
        }
        if (i <= length - w)
        {
            ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, i, zero, ref t0, ref e0, ref s0, ref f0);
            i += w;
        }
        MergeSets<TLanes, TVector, TSoftmax>(ref t0, ref e0, ref s0, ref f0, t1, e1, s1, f1);
        AddLanes<TLanes, TVector>(ref sum, t0, e0, s0, f0, TSoftmax.Value);
        return i;
    }

    /// <summary>
    /// One register of terms into a register set: softmax's y dy (split exactly: in double lanes a float32 product
    /// is exact, a float64 one's error is one fused multiply-add) by TwoSum, and y by Fast2Sum on a register that
    /// starts at <see cref="ExactStart"/> (exact for y in [0, 1], as a softmax gives them; other y lose only that
    /// exactness); log_softmax's dy by TwoSum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, nint i, TVector zero,
        ref TVector sum, ref TVector error, ref TVector weights, ref TVector weightsError)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector g = Element.Load<TLanes, TVector, TElement>(ref dy, i);
        if (typeof(TSoftmax) != typeof(Yes))
        {
            ExactAccumulate<TLanes, TVector>(ref sum, ref error, g, twoSum: true);
            return;
        }
        TVector yv = Element.Load<TLanes, TVector, TElement>(ref y, i);
        TVector product = TLanes.Multiply(yv, g);
        if (typeof(TElement) == typeof(double)) error = TLanes.Add(error, TLanes.MultiplyAdd(yv, g, TLanes.Subtract(zero, product)));
        ExactAccumulate<TLanes, TVector>(ref sum, ref error, product, twoSum: true);
        ExactAccumulate<TLanes, TVector>(ref weights, ref weightsError, yv, twoSum: false);
    }

    /// <summary>The second register set into the first, lane by lane: the sums by TwoSum (the weights first taken
    /// off their start, exactly), the error registers plainly. The weights are left without their start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MergeSets<TLanes, TVector, TSoftmax>(ref TVector total, ref TVector error, ref TVector weights, ref TVector weightsError,
        TVector total1, TVector error1, TVector weights1, TVector weightsError1)
        where TLanes : ILanes<TVector> where TVector : struct where TSoftmax : IFlag
    {
        ExactAccumulate<TLanes, TVector>(ref total, ref error, total1, twoSum: true);
        error = TLanes.Add(error, error1);
        if (!TSoftmax.Value) return;
        TVector start = TLanes.Create(ExactStart);
        weights = TLanes.Subtract(weights, start);
        ExactAccumulate<TLanes, TVector>(ref weights, ref weightsError, TLanes.Subtract(weights1, start), twoSum: true);
        weightsError = TLanes.Add(weightsError, weightsError1);
    }

    /// <summary>A register set's lanes into the row's sums: the sums by TwoSum across halves
    /// (<see cref="ILanes{TVector}.ExactSum"/>; a plain sum across the lanes would cost log2(W) roundings of the whole),
    /// the error registers plainly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLanes<TLanes, TVector>(ref RowSum sum, TVector total, TVector error, TVector weights, TVector weightsError, bool withWeights)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        double t = TLanes.ExactSum(total, out double tError);
        double w = 0.0, wError = 0.0;
        if (withWeights)
        {
            w = TLanes.ExactSum(weights, out wError);
            wError += TLanes.Sum(weightsError);
        }
        sum.Add(t, tError + TLanes.Sum(error), w, wError);
    }

    /// <summary>
    /// softmax's dx = y (dy - s) for float64 lanes, s = <paramref name="s"/> as a double-double: dy - s_hi by TwoSum
    /// (d + e exactly), and y (d + (e - s_lo)) with one rounding (a fused multiply-add): within half an ulp of
    /// y (dy - s) plus a few u^2 (where y (e - s_lo) rounds). Where that is not finite (a dy of ±inf, or dy - s beyond
    /// the largest double) the plain y ((dy - s_hi) - s_lo), as PyTorch's y (dy - s) gives it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExactSoftmaxOutput<TLanes, TVector>(TVector y, TVector g, in Shift<TVector> s)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector difference = TLanes.Subtract(g, s.High);
        TVector shiftPart = TLanes.Subtract(difference, g);
        TVector differenceLow = TLanes.Subtract(TLanes.Subtract(g, TLanes.Subtract(difference, shiftPart)), TLanes.Add(s.High, shiftPart));
        TVector result = TLanes.MultiplyAdd(y, difference, TLanes.Multiply(y, TLanes.Subtract(differenceLow, s.Low)));
        TVector plain = TLanes.Multiply(y, TLanes.Subtract(difference, s.Low));
        return TLanes.Select(TLanes.EqualsMask(TLanes.Subtract(result, result), TLanes.Create(0.0)), result, plain);
    }

    /// <summary>log_softmax's dx = dy - exp(y) G for float64 lanes, G = <paramref name="s"/> as a double-double (see
    /// the remarks above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExactOutput<TLanes, TVector>(TVector y, TVector g, in Shift<TVector> s)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector zero = TLanes.Create(0.0);
        (TVector a, TVector b) = VectorExp.ForDoubleParts<TLanes, TVector>(y);
        TVector product = TLanes.Multiply(a, s.High);
        TVector productLow = TLanes.MultiplyAdd(a, s.High, TLanes.Subtract(zero, product));
        // TwoSum(dy, -product)
        TVector difference = TLanes.Subtract(g, product);
        TVector productPart = TLanes.Subtract(difference, g);
        TVector differenceLow = TLanes.Subtract(TLanes.Subtract(g, TLanes.Subtract(difference, productPart)), TLanes.Add(product, productPart));
        TVector rest = TLanes.Add(productLow, TLanes.MultiplyAdd(b, s.High, TLanes.Multiply(a, s.Low)));
        TVector result = TLanes.Add(difference, TLanes.Subtract(differenceLow, rest));
        TVector fused = TLanes.MultiplyAdd(TLanes.Add(a, b), s.NegativeHigh, g);
        return TLanes.Select(TLanes.EqualsMask(TLanes.Subtract(result, result), zero), result, fused);
    }
}
