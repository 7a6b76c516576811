using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reference.Vectorized.Lanes;

/// <summary>Eight double lanes (AVX-512 on x64).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref float source)
    {
        Vector256<float> narrow = Vector256.LoadUnsafe(ref source);
        if (Avx512F.IsSupported) return Avx512F.ConvertToVector512Double(narrow);
        return Vector512.Create(Vector256.WidenLower(narrow), Vector256.WidenUpper(narrow));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref float destination)
    {
        Vector256<float> narrow = Avx512F.IsSupported
            ? Avx512F.ConvertToVector256Single(value)
            : Vector256.Narrow(value.GetLower(), value.GetUpper());
        narrow.StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> left, Vector512<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> left, Vector512<double> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> left, Vector512<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> left, Vector512<double> right, Vector512<double> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MaxNative(Vector512<double> left, Vector512<double> right) =>
        Avx512F.IsSupported ? Avx512F.Max(left, right) : Vector512.ConditionalSelect(Vector512.GreaterThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MinNative(Vector512<double> left, Vector512<double> right) =>
        Avx512F.IsSupported ? Avx512F.Min(left, right) : Vector512.ConditionalSelect(Vector512.LessThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> EqualsMask(Vector512<double> left, Vector512<double> right) => Vector512.Equals(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Pow2(Vector512<double> shifted) =>
        ((shifted.AsUInt64() + Vector512.Create(1023UL)) << 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> First, Vector512<double> Second) Pow2Split(Vector512<double> shifted)
    {
        Vector512<long> k = shifted.AsInt64() - Vector512.Create(BitConverter.DoubleToInt64Bits(VectorExp.Shifter));
        Vector512<long> k1 = k >> 1;
        Vector512<long> k2 = k - k1;
        Vector512<long> bias = Vector512.Create(1023L);
        return (((k1 + bias) << 52).AsDouble(), ((k2 + bias) << 52).AsDouble());
    }

    public static bool HasScale => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Scale(Vector512<double> value, Vector512<double> k) => Avx512F.Scale(value, k);

    private static readonly Vector512<double> SixteenthsFirst = Vector512.Create(VectorExp.SixteenthsTable.AsSpan(0, 8));
    private static readonly Vector512<double> SixteenthsSecond = Vector512.Create(VectorExp.SixteenthsTable.AsSpan(8, 8));

    private static readonly Vector512<double> LowWordsFirst = Vector512.Create(VectorExp.SixteenthsTableLow.AsSpan(0, 8));
    private static readonly Vector512<double> LowWordsSecond = Vector512.Create(VectorExp.SixteenthsTableLow.AsSpan(8, 8));

    public static bool HasSixteenths => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SixteenthsLow(Vector512<double> shifted) => Avx512F.IsSupported
        ? Avx512F.PermuteVar8x64x2(LowWordsFirst, shifted.AsInt64(), LowWordsSecond)
        : Vector512.Create(Lanes256.SixteenthsLow(shifted.GetLower()), Lanes256.SixteenthsLow(shifted.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sixteenths(Vector512<double> shifted) => Avx512F.IsSupported
        ? Avx512F.PermuteVar8x64x2(SixteenthsFirst, shifted.AsInt64(), SixteenthsSecond)
        : Vector512.Create(Lanes256.Sixteenths(shifted.GetLower()), Lanes256.Sixteenths(shifted.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> value) => Vector256.Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExactSum(Vector512<double> value, out double error)
    {
        Vector256<double> low = value.GetLower(), high = value.GetUpper();
        Vector256<double> sum = low + high;
        Vector256<double> highPart = sum - low;
        Vector256<double> levelError = (low - (sum - highPart)) + (high - highPart);
        double result = Lanes256.ExactSum(sum, out double below);
        error = below + Lanes256.Sum(levelError);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(Vector512<double> value)
    {
        Vector256<double> half = Lanes256.MaxNative(value.GetLower(), value.GetUpper());
        return Lanes256.Max(half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GetElement(Vector512<double> value, int index) => value.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FromSpan(ReadOnlySpan<double> values) => Vector512.Create(values);
}
