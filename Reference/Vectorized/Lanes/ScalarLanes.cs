using System.Runtime.CompilerServices;
using Reference.Numerics;

namespace Reference.Vectorized.Lanes;

/// <summary>
/// One lane: the scalar path beside the vector widths. The drivers run it on the tail of every row, so the tail
/// computes exactly the same formulas (same exp polynomial, same rounding steps) as the vector body.
/// </summary>
internal readonly struct ScalarLanes : ILanes<double>
{
    private static readonly double AllOnes = BitConverter.Int64BitsToDouble(-1);

    public static int Count => 1;
    public static bool IsAccelerated => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Create(double value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref float source) => Widen.ToDouble(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double value, ref double destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double value, ref float destination) => destination = (float)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double left, double right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Subtract(double left, double right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Multiply(double left, double right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Divide(double left, double right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAdd(double left, double right, double addend) => Math.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxNative(double left, double right) => left > right ? left : right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinNative(double left, double right) => left < right ? left : right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double EqualsMask(double left, double right) => left == right ? AllOnes : 0.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Select(double mask, double whenTrue, double whenFalse) =>
        BitConverter.DoubleToInt64Bits(mask) != 0 ? whenTrue : whenFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Pow2(double shifted) =>
        BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(shifted) + 1023L) << 52);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double First, double Second) Pow2Split(double shifted)
    {
        long k = BitConverter.DoubleToInt64Bits(shifted) - BitConverter.DoubleToInt64Bits(VectorExp.Shifter);
        long k1 = k >> 1;
        long k2 = k - k1;
        return (BitConverter.Int64BitsToDouble((k1 + 1023L) << 52), BitConverter.Int64BitsToDouble((k2 + 1023L) << 52));
    }

    public static bool HasScale => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Scale(double value, double k) => Math.ScaleB(value, (int)Math.Floor(k));

    /// <summary>False: without a one-instruction scale by 2^floor(k), the table path would cost more than it saves.</summary>
    public static bool HasSixteenths => false;

    public static double Sixteenths(double shifted) => VectorExp.SixteenthsTable[(int)BitConverter.DoubleToInt64Bits(shifted) & 15];

    public static double SixteenthsLow(double shifted) => VectorExp.SixteenthsTableLow[(int)BitConverter.DoubleToInt64Bits(shifted) & 15];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(double value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExactSum(double value, out double error)
    {
        error = 0.0;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GetElement(double value, int index) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FromSpan(ReadOnlySpan<double> values) => values[0];
}
