using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reference.Numerics;

/// <summary>
/// float to double for scalar loops. The implicit conversion compiles to <c>vcvtss2sd xmm, xmm, mem</c>, which
/// merges into the upper half of its destination register and so waits for that register's last writer: in a loop
/// the JIT often reuses a register written late in the previous iteration, and every iteration then waits for the
/// one before (measured here: a float32 exp-and-sum loop 3x slower than the same loop over doubles). Converting
/// into a zeroed register breaks that false dependency; the value is the same.
/// </summary>
public static class Widen
{
    /// <summary>The double equal to <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(float value) => Sse2.IsSupported
        ? Sse2.ConvertScalarToVector128Double(Vector128<double>.Zero, Vector128.CreateScalarUnsafe(value)).ToScalar()
        : value;
}
