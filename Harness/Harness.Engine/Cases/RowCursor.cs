using Reference;

namespace Harness.Cases;

/// <summary>
/// Walks the rows of a <see cref="RowLayout"/> in order, giving each row's first index as
/// <see cref="RowLayout.RowStart"/> does but without its two integer divisions per row: the generator and the error
/// model visit every row of every case, and most cases have many short rows.
/// </summary>
internal struct RowCursor(RowLayout layout)
{
    private int _column;

    /// <summary>The first index of the current row (row 0 to begin with).</summary>
    public int Start { get; private set; }

    /// <summary>Moves to the next row: the next of a block's <see cref="RowLayout.Inner"/> interleaved rows, or the
    /// first row of the next block.</summary>
    public void MoveNext()
    {
        if (++_column < layout.Inner)
        {
            Start++;
            return;
        }
        _column = 0;
        Start += layout.Length * layout.Inner - layout.Inner + 1;
    }
}
