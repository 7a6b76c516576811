using System.Runtime.Intrinsics;

namespace PropertyTests.Kernels;

/// <summary>
/// The lane width the vectorised kernel's driver picks in this process (Reference/Vectorized/Driver.cs: the widest
/// accelerated of 512, 256 and 128 bits, else scalar), named in every failure of the kernel accuracy tests, which
/// scripts/lane-widths.sh runs once per width (DOTNET_EnableAVX512=0, DOTNET_PreferredVectorBitWidth=256,
/// DOTNET_EnableAVX=0, DOTNET_EnableHWIntrinsic=0).
/// </summary>
internal static class LaneWidth
{
    /// <summary>The width in bits, 0 for the scalar path.</summary>
    public static int Bits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>"lanes: 256-bit (Vector256)", or "lanes: scalar (no hardware intrinsics)".</summary>
    public static string Describe() => Describe(Bits);

    public static string Describe(int bits) => bits == 0 ? "lanes: scalar (no hardware intrinsics)" : $"lanes: {bits}-bit (Vector{bits})";

    /// <summary>The environment variable through which scripts/lane-widths.sh says which width it asked for.</summary>
    public const string ExpectVariable = "HARNESS_EXPECT_LANES";

    /// <summary>Parses <see cref="ExpectVariable"/>'s value: "512", "256", "128" or "scalar"; null when unset or empty.</summary>
    public static int? ParseExpected(string? value) => value switch
    {
        null or "" => null,
        "scalar" or "0" => 0,
        "128" => 128,
        "256" => 256,
        "512" => 512,
        _ => throw new ArgumentException($"{ExpectVariable} is '{value}'; expected 512, 256, 128 or scalar.", nameof(value)),
    };
}
