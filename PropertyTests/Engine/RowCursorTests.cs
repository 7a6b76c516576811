using Harness.Cases;
using Reference;

namespace PropertyTests.Engine;

public sealed class RowCursorTests
{
    [Theory]
    [InlineData(new[] { 7 }, 0)]
    [InlineData(new[] { 3, 5 }, 1)]
    [InlineData(new[] { 3, 5 }, 0)]
    [InlineData(new[] { 2, 3, 4 }, 1)]
    [InlineData(new[] { 4, 1, 3, 2 }, -3)]
    [InlineData(new[] { 5, 2, 1, 3 }, 3)]
    [InlineData(new int[0], 0)]
    public void The_cursor_visits_the_row_starts_of_the_layout_in_order(int[] shape, int dim)
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        RowLayout layout = RowLayout.Create(shape, dim, count, count);
        var cursor = new RowCursor(layout);
        var visited = new List<int>();
        for (int r = 0; r < layout.Rows; r++, cursor.MoveNext()) visited.Add(cursor.Start);
        Assert.Equal(Enumerable.Range(0, layout.Rows).Select(layout.RowStart), visited);
    }
}
