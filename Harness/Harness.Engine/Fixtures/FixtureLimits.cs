namespace Harness.Fixtures;

/// <summary>
/// Bounds a fixture file must respect before anything it claims is allocated: the file's size is checked before it
/// is read, and the element count its shape declares before any value array is created.
/// </summary>
/// <param name="MaxFileBytes">The largest file read, in bytes (default 64 MiB).</param>
/// <param name="MaxElements">The most elements a case may declare (default 4,194,304 = 2^22, 16 MiB of float32).</param>
public sealed record FixtureLimits(long MaxFileBytes = FixtureLimits.DefaultMaxFileBytes, long MaxElements = FixtureLimits.DefaultMaxElements)
{
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;
    public const long DefaultMaxElements = 4_194_304;

    public static FixtureLimits Default { get; } = new();
}
