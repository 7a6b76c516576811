using System.Globalization;

namespace Reference.Numerics;

/// <summary>
/// A double-double number: the unevaluated sum <see cref="Hi"/> + <see cref="Lo"/> of two doubles with
/// |Lo| &lt;= ulp(Hi) / 2, about 106 significant bits (relative precision 2^-104 for the operations here).
/// </summary>
/// <remarks>
/// The algorithms are the classical ones: Dekker (1971) and Knuth (TAOCP vol. 2, 4.2.2) for the error-free
/// transformations, and Hida, Li and Bailey's QD library (2000-2008, "dd_real") for arithmetic, exp and log. The
/// range is that of double; results near the underflow threshold lose the low word gradually, as QD's do, except
/// where <see cref="ScaleToDouble"/> rounds a scaled result once and correctly. Infinities and NaN propagate as NaN
/// through most operations (inf - inf inside the error terms); callers that need IEEE special-value semantics test
/// for them first.
/// </remarks>
public readonly partial struct DoubleDouble : IEquatable<DoubleDouble>
{
    /// <summary>The leading word: the value rounded to double.</summary>
    public double Hi { get; }

    /// <summary>The trailing word: the rounding error of <see cref="Hi"/>.</summary>
    public double Lo { get; }

    /// <summary>Builds hi + lo; the caller guarantees |lo| &lt;= ulp(hi) / 2 (use <see cref="Normalize"/> otherwise).</summary>
    public DoubleDouble(double hi, double lo)
    {
        Hi = hi;
        Lo = lo;
    }

    /// <summary>0.</summary>
    public static DoubleDouble Zero => new(0, 0);

    /// <summary>1.</summary>
    public static DoubleDouble One => new(1, 0);

    /// <summary>e = exp(1) to 106 bits (decimal expansion 2.71828182845904523536028747135266249775724709...).</summary>
    public static DoubleDouble E => new(2.718281828459045, 1.4456468917292502e-16);

    /// <summary>ln 2 to 106 bits (0.693147180559945309417232121458176568075500134...).</summary>
    public static DoubleDouble Ln2 => new(0.6931471805599453, 2.3190468138462996e-17);

    /// <summary>Builds the normalised double-double of the exact sum a + b.</summary>
    public static DoubleDouble Normalize(double a, double b)
    {
        double s = TwoSum(a, b, out double e);
        return new DoubleDouble(s, e);
    }

    /// <summary>Widens a double exactly.</summary>
    public static implicit operator DoubleDouble(double value) => new(value, 0);

    /// <summary>Rounds to the nearest double (Hi is already that value for a normalised number).</summary>
    public double ToDouble() => Hi;

    /// <summary>True when the value is neither infinite nor NaN.</summary>
    public bool IsFinite => double.IsFinite(Hi) && double.IsFinite(Lo);

    /// <summary>True when either word is NaN.</summary>
    public bool IsNaN => double.IsNaN(Hi) || double.IsNaN(Lo);

    /// <inheritdoc/>
    public bool Equals(DoubleDouble other) => Hi.Equals(other.Hi) && Lo.Equals(other.Lo);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DoubleDouble other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Hi, Lo);

    /// <summary>Both words with round-trip decimals: "hi + lo".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Hi:R} + {Lo:R}");
}
