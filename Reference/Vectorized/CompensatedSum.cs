using System.Runtime.CompilerServices;
using Reference.Vectorized.Lanes;

namespace Reference.Vectorized;

/// <summary>
/// Error-free accumulation of block totals, lane by lane (Knuth's TwoSum: s = a + b exactly equals
/// RN(a + b) + err, and err is computed without a branch in six operations).
/// </summary>
/// <remarks>
/// The passes sum a row in blocks: inside a block, four independent registers of W lanes each take every 4W-th
/// element (at most <see cref="BlockIterations"/> additions per lane, so the block error is at most
/// <see cref="BlockIterations"/> roundings); block totals then go through TwoSum, whose error stays about one
/// rounding of the final sum however many blocks there are. The error of a row's sum is therefore bounded by a
/// constant (BlockIterations + log2(4W) + 2 roundings) instead of growing with the row length C, which is better
/// than the log2(C) of pairwise summation. float64 rows only: float32 rows' sums skip the TwoSum steps (see
/// ContiguousRows.PlainLaneSums), their double lanes having 29 bits to spare.
/// </remarks>
internal static class CompensatedSum
{
    /// <summary>
    /// Iterations of the 4-register loop per block (8 additions per lane). With 32 the block error alone reached 5-6
    /// float64 ULP of log_softmax's output for a dominant logit (rows of 1000 and 4099 equal terms, whose roundings
    /// all go one way; the output there is -log1p(sum - 1), as accurate as the sum), above the kernel's 4; with 8 (and
    /// 4) a sweep of 30 gaps and rows of 10 to 30,000 stayed within it. A TwoSum every 8 iterations costs about one
    /// operation per 5 registers summed.
    /// </summary>
    public const int BlockIterations = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<TLanes, TVector>(ref TVector sum, ref TVector compensation, TVector value)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector s = TLanes.Add(sum, value);
        TVector valuePart = TLanes.Subtract(s, sum);
        TVector sumPart = TLanes.Subtract(s, valuePart);
        TVector error = TLanes.Add(TLanes.Subtract(sum, sumPart), TLanes.Subtract(value, valuePart));
        compensation = TLanes.Add(compensation, error);
        sum = s;
    }

    /// <summary>sum + compensation lane by lane, except where the sum is ±inf or NaN: there the error term is NaN
    /// (inf - inf) and the sum alone is the answer a plain running sum, and PyTorch, would give.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Resolve<TLanes, TVector>(TVector sum, TVector compensation)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        TVector finite = TLanes.EqualsMask(TLanes.Subtract(sum, sum), TLanes.Create(0.0));
        return TLanes.Select(finite, TLanes.Add(sum, compensation), sum);
    }
}
