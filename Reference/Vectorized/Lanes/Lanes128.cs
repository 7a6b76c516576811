using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reference.Vectorized.Lanes;

/// <summary>Two double lanes (SSE2 on x64, AdvSimd on Arm64).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Create(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref float source) => Vector128.Create(source, Unsafe.Add(ref source, 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref float destination)
    {
        destination = (float)value.GetElement(0);
        Unsafe.Add(ref destination, 1) = (float)value.GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> left, Vector128<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> left, Vector128<double> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> left, Vector128<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Divide(Vector128<double> left, Vector128<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> left, Vector128<double> right, Vector128<double> addend) =>
        Vector128.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MaxNative(Vector128<double> left, Vector128<double> right) =>
        Sse2.IsSupported ? Sse2.Max(left, right) : Vector128.ConditionalSelect(Vector128.GreaterThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MinNative(Vector128<double> left, Vector128<double> right) =>
        Sse2.IsSupported ? Sse2.Min(left, right) : Vector128.ConditionalSelect(Vector128.LessThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> EqualsMask(Vector128<double> left, Vector128<double> right) => Vector128.Equals(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> whenTrue, Vector128<double> whenFalse) =>
        Vector128.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Pow2(Vector128<double> shifted) =>
        ((shifted.AsUInt64() + Vector128.Create(1023UL)) << 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<double> First, Vector128<double> Second) Pow2Split(Vector128<double> shifted)
    {
        Vector128<long> k = shifted.AsInt64() - Vector128.Create(BitConverter.DoubleToInt64Bits(VectorExp.Shifter));
        Vector128<long> k1 = k >> 1;
        Vector128<long> k2 = k - k1;
        Vector128<long> bias = Vector128.Create(1023L);
        return (((k1 + bias) << 52).AsDouble(), ((k2 + bias) << 52).AsDouble());
    }

    public static bool HasScale => Avx512F.VL.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Scale(Vector128<double> value, Vector128<double> k) => Avx512F.VL.Scale(value, k);

    /// <summary>False: see <see cref="Lanes256.HasSixteenths"/>.</summary>
    public static bool HasSixteenths => false;

    public static Vector128<double> Sixteenths(Vector128<double> shifted) =>
        Vector128.Create(ScalarLanes.Sixteenths(shifted.GetElement(0)), ScalarLanes.Sixteenths(shifted.GetElement(1)));

    public static Vector128<double> SixteenthsLow(Vector128<double> shifted) =>
        Vector128.Create(ScalarLanes.SixteenthsLow(shifted.GetElement(0)), ScalarLanes.SixteenthsLow(shifted.GetElement(1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> value) => value.GetElement(0) + value.GetElement(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExactSum(Vector128<double> value, out double error)
    {
        double low = value.GetElement(0), high = value.GetElement(1);
        double sum = low + high;
        double highPart = sum - low;
        double levelError = (low - (sum - highPart)) + (high - highPart);
        error = levelError;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(Vector128<double> value)
    {
        double first = value.GetElement(0), second = value.GetElement(1);
        return first > second ? first : second;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GetElement(Vector128<double> value, int index) => value.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FromSpan(ReadOnlySpan<double> values) => Vector128.Create(values);
}
