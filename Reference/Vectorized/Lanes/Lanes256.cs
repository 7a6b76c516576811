using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reference.Vectorized.Lanes;

/// <summary>Four double lanes (AVX2 on x64).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref float source)
    {
        Vector128<float> narrow = Vector128.LoadUnsafe(ref source);
        if (Avx.IsSupported) return Avx.ConvertToVector256Double(narrow);
        return Vector256.Create(Vector128.WidenLower(narrow), Vector128.WidenUpper(narrow));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref float destination)
    {
        Vector128<float> narrow = Avx.IsSupported
            ? Avx.ConvertToVector128Single(value)
            : Vector128.Narrow(value.GetLower(), value.GetUpper());
        narrow.StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> left, Vector256<double> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> left, Vector256<double> right) => left - right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> left, Vector256<double> right) => left * right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> left, Vector256<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> left, Vector256<double> right, Vector256<double> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MaxNative(Vector256<double> left, Vector256<double> right) =>
        Avx.IsSupported ? Avx.Max(left, right) : Vector256.ConditionalSelect(Vector256.GreaterThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MinNative(Vector256<double> left, Vector256<double> right) =>
        Avx.IsSupported ? Avx.Min(left, right) : Vector256.ConditionalSelect(Vector256.LessThan(left, right), left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> EqualsMask(Vector256<double> left, Vector256<double> right) => Vector256.Equals(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Pow2(Vector256<double> shifted) =>
        ((shifted.AsUInt64() + Vector256.Create(1023UL)) << 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> First, Vector256<double> Second) Pow2Split(Vector256<double> shifted)
    {
        Vector256<long> k = shifted.AsInt64() - Vector256.Create(BitConverter.DoubleToInt64Bits(VectorExp.Shifter));
        Vector256<long> k1 = k >> 1;
        Vector256<long> k2 = k - k1;
        Vector256<long> bias = Vector256.Create(1023L);
        return (((k1 + bias) << 52).AsDouble(), ((k2 + bias) << 52).AsDouble());
    }

    public static bool HasScale => Avx512F.VL.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Scale(Vector256<double> value, Vector256<double> k) => Avx512F.VL.Scale(value, k);

    /// <summary>False: a 16-entry lookup in four lanes takes several shuffles, so exp keeps the degree-7 polynomial.</summary>
    public static bool HasSixteenths => false;

    /// <summary>With AVX2 one gather from a pinned copy of the table (float64 exp, see VectorExp.ForDouble); lane by
    /// lane otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<double> Sixteenths(Vector256<double> shifted) => Avx2.IsSupported
        ? Avx2.GatherVector256((double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(PinnedTables)), shifted.AsInt64() & Vector256.Create(15L), 8)
        : Vector256.Create(Lanes128.Sixteenths(shifted.GetLower()), Lanes128.Sixteenths(shifted.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<double> SixteenthsLow(Vector256<double> shifted) => Avx2.IsSupported
        ? Avx2.GatherVector256((double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(PinnedTables)) + 16, shifted.AsInt64() & Vector256.Create(15L), 8)
        : Vector256.Create(Lanes128.SixteenthsLow(shifted.GetLower()), Lanes128.SixteenthsLow(shifted.GetUpper()));

    /// <summary>VectorExp.SixteenthsTable then VectorExp.SixteenthsTableLow, in a pinned array (the gather takes a
    /// pointer; pinned on the pinned object heap, it never moves).</summary>
    private static readonly double[] PinnedTables = CreatePinnedTables();

    private static double[] CreatePinnedTables()
    {
        double[] tables = GC.AllocateArray<double>(32, pinned: true);
        VectorExp.SixteenthsTable.CopyTo(tables, 0);
        VectorExp.SixteenthsTableLow.CopyTo(tables, 16);
        return tables;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> value) => Lanes128.Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExactSum(Vector256<double> value, out double error)
    {
        Vector128<double> low = value.GetLower(), high = value.GetUpper();
        Vector128<double> sum = low + high;
        Vector128<double> highPart = sum - low;
        Vector128<double> levelError = (low - (sum - highPart)) + (high - highPart);
        double result = Lanes128.ExactSum(sum, out double below);
        error = below + Lanes128.Sum(levelError);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(Vector256<double> value) => Lanes128.Max(Lanes128.MaxNative(value.GetLower(), value.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GetElement(Vector256<double> value, int index) => value.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FromSpan(ReadOnlySpan<double> values) => Vector256.Create(values);
}
