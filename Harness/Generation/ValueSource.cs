namespace Harness.Generation;

/// <summary>
/// A small, fast, deterministic source of values (SplitMix64, Steele, Lea and Flood 2014): FsCheck picks the
/// structure of a case and a 64-bit data seed; this turns the seed into thousands of values without FsCheck's
/// per-element overhead, so a 50k-wide row costs microseconds, and the same seed always gives the same values.
/// </summary>
internal struct ValueSource(ulong seed)
{
    private ulong _state = seed;
    private double _spareNormal;
    private bool _hasSpare;

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box-Muller; each pair of uniforms gives two normals, the second kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2 * Math.PI * u2);
        _spareNormal = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }

    public static ulong Mix(ulong a, ulong b)
    {
        var s = new ValueSource(a ^ (b * 0xD6E8FEB86659FD93UL));
        return s.NextULong();
    }
}
