namespace Reference.Accurate;

/// <summary>
/// One row of a tensor, as seen from a span that starts at its element 0: <see cref="Length"/> elements,
/// <see cref="Stride"/> apart (1 for the last dimension, where the row is a plain slice).
/// </summary>
internal readonly record struct Row(int Length, int Stride)
{
    /// <summary>The span index of element c.</summary>
    public int this[int c] => c * Stride;
}
