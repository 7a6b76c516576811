using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

internal static partial class InterleavedRows
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TLanes, TVector, TElement>(SoftmaxOp op, ref TElement y, ref TElement dy, ref TElement dx, int length, int stride)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged
    {
        if (op == SoftmaxOp.Softmax) Backward<TLanes, TVector, TElement, Yes>(ref y, ref dy, ref dx, length, stride);
        else Backward<TLanes, TVector, TElement, No>(ref y, ref dy, ref dx, length, stride);
    }

    /// <summary>
    /// W rows at once, one per lane (their elements <paramref name="stride"/> apart): each lane's sums, then each
    /// lane's s (or sum of dy) as ContiguousRows takes it, then dx by ContiguousRows.GradientLine. float32 log_softmax rows sum
    /// dy in compensated blocks; the others error-free (ContiguousRows.GradientSum's remarks: ExactGradientTerm, two
    /// register sets by column parity), with s as a double-double (see ContiguousRows.BackwardExact.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward<TLanes, TVector, TElement, TSoftmax>(ref TElement y, ref TElement dy, ref TElement dx, int length, int stride)
        where TLanes : ILanes<TVector> where TVector : struct where TElement : unmanaged where TSoftmax : IFlag
    {
        TVector zero = TLanes.Create(0.0);
        TVector total = zero, compensation = zero, ySum = zero, yCompensation = zero;
        // the rows with error-free sums, the test written out (see ContiguousRows.GradientSum's remarks)
        if (typeof(TElement) == typeof(double) || typeof(TSoftmax) == typeof(Yes))
        {
            TVector start = TLanes.Create(ContiguousRows.ExactStart);
            ySum = start;
            TVector total1 = zero, compensation1 = zero, ySum1 = start, yCompensation1 = zero;
            int c = 0;
            for (; c <= length - 2; c += 2)
            {
                ContiguousRows.ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)c * stride, zero, ref total, ref compensation, ref ySum, ref yCompensation);
                ContiguousRows.ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)(c + 1) * stride, zero, ref total1, ref compensation1, ref ySum1, ref yCompensation1);
            }
            if (c < length) ContiguousRows.ExactGradientTerm<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, (nint)c * stride, zero, ref total, ref compensation, ref ySum, ref yCompensation);
            ContiguousRows.MergeSets<TLanes, TVector, TSoftmax>(ref total, ref compensation, ref ySum, ref yCompensation, total1, compensation1, ySum1, yCompensation1);
        }
        else
        {
            int c = 0;
            while (c < length)
            {
                int end = Math.Min(length, c + 4 * CompensatedSum.BlockIterations);
                TVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
                for (; c <= end - 4; c += 4)
                {
                    a0 = TLanes.Add(a0, Element.Load<TLanes, TVector, TElement>(ref dy, (nint)c * stride));
                    a1 = TLanes.Add(a1, Element.Load<TLanes, TVector, TElement>(ref dy, (nint)(c + 1) * stride));
                    a2 = TLanes.Add(a2, Element.Load<TLanes, TVector, TElement>(ref dy, (nint)(c + 2) * stride));
                    a3 = TLanes.Add(a3, Element.Load<TLanes, TVector, TElement>(ref dy, (nint)(c + 3) * stride));
                }
                for (; c < end; c++) a0 = TLanes.Add(a0, Element.Load<TLanes, TVector, TElement>(ref dy, (nint)c * stride));
                CompensatedSum.Add<TLanes, TVector>(ref total, ref compensation, TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
            }
        }
        var shift = Shift<TLanes, TVector, TSoftmax>(total, compensation, ySum, yCompensation);
        for (int c = 0; c < length; c++)
        {
            ContiguousRows.GradientLine<TLanes, TVector, TElement, TSoftmax>(ref y, ref dy, ref dx, (nint)c * stride, shift);
        }
    }

    /// <summary>
    /// Each lane's s, as RowSum.WeightedMeanParts (softmax) or RowSum.Total and TotalLow (log_softmax) take it from a
    /// contiguous row's sums: the sum of y dy (or dy) over the sum of y as a double-double, the sum alone where the
    /// weights sum to 0 or not to a finite value, no low word where the result is not finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ContiguousRows.Shift<TVector> Shift<TLanes, TVector, TSoftmax>(TVector total, TVector compensation, TVector weights, TVector weightsCompensation)
        where TLanes : ILanes<TVector> where TVector : struct where TSoftmax : IFlag
    {
        TVector zero = TLanes.Create(0.0);
        TVector finiteTotal = TLanes.EqualsMask(TLanes.Subtract(total, total), zero);
        TVector high = TLanes.Select(finiteTotal, TLanes.Add(total, compensation), total);
        TVector low = TLanes.Select(finiteTotal, TLanes.Subtract(compensation, TLanes.Subtract(high, total)), zero);
        if (TSoftmax.Value)
        {
            TVector w = TLanes.Add(weights, weightsCompensation);
            TVector wLow = TLanes.Subtract(weightsCompensation, TLanes.Subtract(w, weights));
            TVector q = TLanes.Divide(high, w);
            TVector remainder = TLanes.Subtract(TLanes.Add(TLanes.MultiplyAdd(TLanes.Subtract(zero, q), w, high), low), TLanes.Multiply(q, wLow));
            TVector qLow = TLanes.Select(TLanes.EqualsMask(TLanes.Subtract(q, q), zero), TLanes.Divide(remainder, w), zero);
            TVector usable = TLanes.EqualsMask(TLanes.Subtract(weights, weights), zero);
            TVector zeroSum = TLanes.EqualsMask(weights, zero);
            high = TLanes.Select(zeroSum, high, TLanes.Select(usable, q, high));
            low = TLanes.Select(zeroSum, low, TLanes.Select(usable, qLow, low));
        }
        return new ContiguousRows.Shift<TVector>(high, TLanes.Subtract(zero, high), low);
    }
}
