using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harness.Generation;

/// <summary>
/// A small, fast, deterministic source of values (SplitMix64, Steele, Lea and Flood 2014): FsCheck picks the
/// structure of a case and a 64-bit data seed; this turns the seed into thousands of values without FsCheck's
/// per-element overhead, so a 50k-wide row costs microseconds, and the same seed always gives the same values.
/// The small draws are inlined into the generators' per-element loops (the JIT leaves them as calls otherwise).
/// </summary>
internal struct ValueSource(ulong seed)
{
    private ulong _state = seed;

    // SplitMix64's increment and finaliser multipliers.
    private const ulong Gamma = 0x9E3779B97F4A7C15UL, Mix1 = 0xBF58476D1CE4E5B9UL, Mix2 = 0x94D049BB133111EBUL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        ulong z = _state += Gamma;
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int n) => (int)(NextDouble() * n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal by inversion of the normal CDF: one uniform draw in (0, 1) through
    /// <see cref="NormalQuantile"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextNormal() => NormalQuantile(OpenUnit(NextULong()));

    /// <summary>
    /// The next <paramref name="destination"/>.Length values of <see cref="NextNormal"/>, bit for bit, leaving the
    /// source where as many calls would. SplitMix64's k-th next state is state + k * gamma, so four draws are
    /// independent: they are mixed and mapped through the central ratio in 256-bit lanes, with the same operations
    /// in the same order as the scalar code (IEEE arithmetic is exact per lane), and the rare lanes in the tails
    /// (p outside [0.02425, 0.97575], 4.85% of draws) go through the scalar formula.
    /// </summary>
    public void NextNormals(Span<double> destination)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && destination.Length >= 4)
        {
            Vector256<ulong> state = Vector256.Create(_state) + Vector256.Create(1UL, 2, 3, 4) * Gamma;
            Vector256<double> low = Vector256.Create(Low), high = Vector256.Create(High), half = Vector256.Create(0.5), one = Vector256<double>.One;
            for (; i <= destination.Length - 4; i += 4)
            {
                Vector256<ulong> z = state;
                state += Vector256.Create(unchecked(4 * Gamma));
                z = (z ^ (z >> 30)) * Mix1;
                z = (z ^ (z >> 27)) * Mix2;
                z ^= z >> 31;
                // Below 2^53 after the shift, so the conversion is exact whichever instruction does it.
                Vector256<double> p = Vector256.ConvertToDouble((z >> 11) | Vector256<ulong>.One) * (1.0 / (1UL << 53));
                Vector256<double> c = p - half, r = c * c;
                Vector256<double> numerator = (((((A1 * r + Vector256.Create(A2)) * r + Vector256.Create(A3)) * r + Vector256.Create(A4)) * r + Vector256.Create(A5)) * r + Vector256.Create(A6)) * c;
                Vector256<double> denominator = ((((B1 * r + Vector256.Create(B2)) * r + Vector256.Create(B3)) * r + Vector256.Create(B4)) * r + Vector256.Create(B5)) * r + one;
                (numerator / denominator).CopyTo(destination[i..]);
                uint tails = (Vector256.LessThan(p, low) | Vector256.GreaterThan(p, high)).ExtractMostSignificantBits();
                for (; tails != 0; tails &= tails - 1)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(tails);
                    destination[i + lane] = NormalQuantile(p.GetElement(lane));
                }
            }
            _state += (ulong)i * Gamma;
        }
        for (; i < destination.Length; i++) destination[i] = NextNormal();
    }

    // A uniform draw mapped into (0, 1): never 0, so log(p) is finite.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double OpenUnit(ulong bits) => (bits >> 11 | 1) * (1.0 / (1UL << 53));

    private const double Low = 0.02425, High = 1 - Low;

    /// <summary>
    /// The standard normal quantile of p (P. J. Acklam's rational approximation, relative error below 1.15e-9, far
    /// below what test data needs). In the central region |p - 0.5| &lt;= 0.475 (95% of draws) one ratio of two
    /// degree-5 polynomials in c = p - 0.5, r = c^2 gives the quantile: no log, no trig, about 5 ns, against about 20
    /// for Box-Muller. In the tails, q = sqrt(-2 log p) (or of 1 - p) and a ratio of degree-5 and degree-4
    /// polynomials. Each value costs one uniform draw, so the stream stays simple to reproduce.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double NormalQuantile(double p)
    {
        if (p < Low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        if (p > High)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        double c = p - 0.5, r = c * c;
        return (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * c / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
    }

    // Acklam's coefficients (central region A/B, tails C/D).
    private const double A1 = -3.969683028665376e+01, A2 = 2.209460984245205e+02, A3 = -2.759285104469687e+02,
        A4 = 1.383577518672690e+02, A5 = -3.066479806614716e+01, A6 = 2.506628277459239e+00;
    private const double B1 = -5.447609879822406e+01, B2 = 1.615858368580409e+02, B3 = -1.556989798598866e+02,
        B4 = 6.680131188771972e+01, B5 = -1.328068155288572e+01;
    private const double C1 = -7.784894002430293e-03, C2 = -3.223964580411365e-01, C3 = -2.400758277161838e+00,
        C4 = -2.549732539343734e+00, C5 = 4.374664141464968e+00, C6 = 2.938163982698783e+00;
    private const double D1 = 7.784695709041462e-03, D2 = 3.224671290700398e-01, D3 = 2.445134137142996e+00,
        D4 = 3.754408661907416e+00;

    public static ulong Mix(ulong a, ulong b)
    {
        var s = new ValueSource(a ^ (b * 0xD6E8FEB86659FD93UL));
        return s.NextULong();
    }
}
