namespace Harness.Cases;

/// <summary>The element type a case is computed in.</summary>
public enum DType
{
    /// <summary>IEEE 754 binary32 (C# float).</summary>
    Float32,

    /// <summary>IEEE 754 binary64 (C# double).</summary>
    Float64,
}
