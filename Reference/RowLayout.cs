namespace Reference;

/// <summary>
/// How a row-major tensor splits into rows along one dimension: <see cref="Outer"/> blocks, each holding
/// <see cref="Inner"/> interleaved rows of <see cref="Length"/> elements with stride <see cref="Inner"/>.
/// Element c of row (o, i) is at o * Length * Inner + c * Inner + i.
/// </summary>
public readonly struct RowLayout
{
    /// <summary>The product of the sizes before the dimension.</summary>
    public int Outer { get; }

    /// <summary>The size of the dimension: the row length C.</summary>
    public int Length { get; }

    /// <summary>The product of the sizes after the dimension: the stride between neighbours of a row.</summary>
    public int Inner { get; }

    /// <summary>The number of elements, Outer * Length * Inner.</summary>
    public int Count => Outer * Length * Inner;

    /// <summary>The number of rows, Outer * Inner.</summary>
    public int Rows => Outer * Inner;

    private RowLayout(int outer, int length, int inner)
    {
        Outer = outer;
        Length = length;
        Inner = inner;
    }

    /// <summary>Normalises <paramref name="dim"/> to [0, rank), PyTorch style; rank 0 accepts 0 and -1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is outside [-rank, rank).</exception>
    public static int NormalizeDim(int rank, int dim)
    {
        int effectiveRank = Math.Max(rank, 1);
        if (dim < -effectiveRank || dim >= effectiveRank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), dim,
                $"Dimension out of range (expected to be in range of [{-effectiveRank}, {effectiveRank - 1}], but got {dim}).");
        }
        return dim < 0 ? dim + effectiveRank : dim;
    }

    /// <summary>Builds the layout and checks that every buffer has exactly as many elements as the shape.</summary>
    /// <exception cref="ArgumentException">A size is negative, the element count overflows, a buffer length
    /// differs from the element count, or <paramref name="dim"/> is out of range.</exception>
    public static RowLayout Create(ReadOnlySpan<int> shape, int dim, int bufferLength, int otherLength, string bufferName = "x", string otherName = "y")
    {
        int d = NormalizeDim(shape.Length, dim);
        long outer = 1, inner = 1, length = 1;
        for (int k = 0; k < shape.Length; k++)
        {
            if (shape[k] < 0)
            {
                throw new ArgumentException($"Shape size {k} is {shape[k]}; sizes must be 0 or more.", nameof(shape));
            }
            if (k < d) outer *= shape[k];
            else if (k == d) length = shape[k];
            else inner *= shape[k];
            if (outer * length * inner > Array.MaxLength && outer != 0 && length != 0 && inner != 0)
            {
                throw new ArgumentException("The shape has more elements than a buffer can hold.", nameof(shape));
            }
        }
        long count = outer * length * inner;
        if (bufferLength != count)
        {
            throw new ArgumentException($"Buffer '{bufferName}' has {bufferLength} elements; the shape [{string.Join(", ", shape.ToArray())}] needs {count}.", bufferName);
        }
        if (otherLength != count)
        {
            throw new ArgumentException($"Buffer '{otherName}' has {otherLength} elements; the shape [{string.Join(", ", shape.ToArray())}] needs {count}.", otherName);
        }
        return new RowLayout((int)outer, (int)length, (int)inner);
    }

    /// <summary>Index of element 0 of row r (0 &lt;= r &lt; Rows).</summary>
    public int RowStart(int row) => (row / Inner) * Length * Inner + row % Inner;
}
