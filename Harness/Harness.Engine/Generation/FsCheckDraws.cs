namespace Harness.Generation;

/// <summary>
/// FsCheck's random source, as FsCheck 3 draws it for <c>Gen.Choose</c> (its <c>Random</c> type is internal): from
/// <c>new Rnd(seed)</c>, every int advances the seed by the golden gamma and mixes it (Mix32Variant04), and
/// <c>RangeInt</c> maps such ints into [l, h]. <see cref="CaseGenerator.Generate"/> uses it to make the four draws of
/// <see cref="CaseGenerator.For"/>'s generator for each case without FsCheck's sampling machinery (a sequence, a list
/// and closures per case); GeneratorTests checks the draws and the cases against FsCheck itself, so an FsCheck
/// upgrade that changed them would fail there rather than move the case stream.
/// </summary>
internal struct FsCheckDraws(ulong seed)
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    private ulong _seed = seed;

    /// <summary>What <c>Gen.Choose(low, high)</c> draws next (low &lt;= high).</summary>
    public int Choose(int low, int high)
    {
        if (low > high) throw new ArgumentOutOfRangeException(nameof(high), high, $"The range [{low}, {high}] is empty.");
        unchecked
        {
            int m = high - low, n = m + 1;
            int candidate = NextInt();
            if (n > 0)
            {
                // A range of at most half the ints: a non-negative candidate modulo n, rejected near the top.
                while (true)
                {
                    int positive = (int)((uint)candidate >> 1);
                    int offset = positive % n;
                    if (positive + m - offset >= 0) return low + offset;
                    candidate = NextInt();
                }
            }
            // A range of more than half the ints (n overflowed): draw until one falls in [low, high).
            while (candidate < low || candidate >= high) candidate = NextInt();
            return candidate;
        }
    }

    private int NextInt()
    {
        unchecked
        {
            ulong z = _seed += GoldenGamma;
            z = (z ^ (z >> 33)) * 0x62A9D9ED799705F5UL;
            return (int)(((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3UL) >> 32);
        }
    }
}
