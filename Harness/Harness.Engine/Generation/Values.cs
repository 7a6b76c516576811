using System.Buffers;
using Harness.Cases;
using Reference;

namespace Harness.Generation;

/// <summary>Fills a case's values for one regime, row by row (each row along the normalised dimension).</summary>
internal static class Values
{
    private enum Kind { Normal, Wide, NearTies, TinySpread, SubnormalOutput, EdgeValues }

    // The shared edge values as arrays: indexed per element, without an interface call.
    private static readonly double[] Float32Edges = [.. EdgeValues.Float32];
    private static readonly double[] Float64Edges = [.. EdgeValues.Float64];

    public static void Fill(ref ValueSource source, string regime, DType dtype, double[] x, int[] shape, int dim)
    {
        // Draws come from a local copy, which the JIT keeps in a register (through the ref, every draw would load and
        // store the state); the caller's source moves on by the same draws at the end.
        ValueSource v = source;
        RowLayout layout = RowLayout.Create(shape, dim, x.Length, x.Length);
        int n = layout.Length;
        bool f32 = dtype == DType.Float32;
        // The regime decides once per case (a string switch per element would cost more than the value itself).
        Kind kind = regime switch
        {
            Regime.Wide => Kind.Wide,
            Regime.NearTies => Kind.NearTies,
            Regime.TinySpread => Kind.TinySpread,
            Regime.SubnormalOutput => Kind.SubnormalOutput,
            Regime.EdgeValues => Kind.EdgeValues,
            _ => Kind.Normal,
        };
        bool dominant = regime == Regime.Dominant, masked = regime == Regime.Masked, fullyMasked = regime == Regime.FullyMasked;
        bool posInf = regime == Regime.PositiveInfinity, nan = regime == Regime.NaN;
        int fullyMaskedRow = fullyMasked ? v.Next(Math.Max(1, layout.Rows)) : -1;
        double scale = v.Chance(0.5) ? 1 : v.Chance(0.5) ? 3 : 10;
        double baseValue = (v.NextDouble() - 0.5) * 20;
        double tieUlp = Ulp(baseValue, f32);
        double spread = (f32 ? 1e-6 : 1e-13) * Math.Max(1, Math.Abs(baseValue));
        // Long rows: half of them put a dominant logit first and the rest ~17 below it, where each term is under half
        // an ulp of the running sum: a naive sequential float32 sum then loses all of them (0.2% of the total).
        bool dominantFirst = regime == Regime.LongRow && v.Chance(0.5);
        double[] edges = f32 ? Float32Edges : Float64Edges;
        // Rows of normals where no element but the special one draws anything else (a dominant logit, +inf, NaN):
        // drawn as batches before and after the special element's own draws.
        bool normalRows = kind is Kind.Normal or Kind.TinySpread && !dominantFirst && !masked && !fullyMasked;
        double[]? normals = normalRows ? ArrayPool<double>.Shared.Rent(n) : null;
        var row = new RowCursor(layout);
        for (int r = 0; r < layout.Rows; r++, row.MoveNext())
        {
            int start = row.Start;
            int special = v.Next(n);
            if (normals is not null)
            {
                Span<double> z = normals.AsSpan(0, n);
                v.NextNormals(z[..(special + 1)]);
                double specialValue = kind == Kind.TinySpread ? baseValue + z[special] * spread : z[special] * scale;
                if (dominant) specialValue += 20 + 1000 * v.NextDouble();
                if (posInf && (r == 0 || v.Chance(0.3))) specialValue = double.PositiveInfinity;
                if (nan && (r == 0 || v.Chance(0.3))) specialValue = double.NaN;
                v.NextNormals(z[(special + 1)..]);
                for (int c = 0; c < n; c++)
                {
                    double value = c == special ? specialValue : kind == Kind.TinySpread ? baseValue + z[c] * spread : z[c] * scale;
                    x[start + c * layout.Inner] = f32 ? (float)value : value;
                }
                continue;
            }
            if (dominantFirst)
            {
                for (int c = 0; c < n; c++)
                {
                    v.NextULong(); // the normal every element draws, which this pattern overrides: only the draw counts
                    double value = c == 0 ? 0 : -17 - v.NextDouble();
                    x[start + c * layout.Inner] = f32 ? (float)value : value;
                }
                continue;
            }
            for (int c = 0; c < n; c++)
            {
                double value = kind switch
                {
                    Kind.Wide => (v.Chance(0.5) ? -1 : 1) * Math.Pow(10, 4 * v.NextDouble()),
                    Kind.NearTies => baseValue + (v.Next(5) - 2) * tieUlp,
                    Kind.TinySpread => baseValue + v.NextNormal() * spread,
                    Kind.SubnormalOutput => c == special ? 0 : -(f32 ? 87.5 + 16 * v.NextDouble() : 708.5 + 36 * v.NextDouble()),
                    Kind.EdgeValues => v.Chance(0.4) ? edges[v.Next(edges.Length)] : v.NextNormal() * scale,
                    _ => v.NextNormal() * scale,
                };
                if (dominant && c == special) value += 20 + 1000 * v.NextDouble();
                if (dominantFirst) value = c == 0 ? 0 : -17 - v.NextDouble();
                if (masked && c != special && v.Chance(0.35)) value = double.NegativeInfinity;
                if (r == fullyMaskedRow || (fullyMasked && c != special && v.Chance(0.3))) value = double.NegativeInfinity;
                if (posInf && c == special && (r == 0 || v.Chance(0.3))) value = double.PositiveInfinity;
                if (nan && c == special && (r == 0 || v.Chance(0.3))) value = double.NaN;
                x[start + c * layout.Inner] = f32 ? (float)value : value;
            }
        }
        if (normals is not null) ArrayPool<double>.Shared.Return(normals);
        source = v;
    }

    /// <summary>The upstream gradient: N(0, 1) mostly, sometimes with zeros or large values mixed in.</summary>
    public static void FillUpstream(ref ValueSource source, DType dtype, double[] dy)
    {
        ValueSource v = source; // in a register, as in Fill

        double mode = v.NextDouble();
        if (mode <= 0.8)
        {
            // No zeros or large values mixed in: nothing but normals, drawn as a batch.
            v.NextNormals(dy);
            if (dtype == DType.Float32)
            {
                for (int i = 0; i < dy.Length; i++) dy[i] = (float)dy[i];
            }
            source = v;
            return;
        }
        for (int i = 0; i < dy.Length; i++)
        {
            double value = v.NextNormal();
            if (mode > 0.8 && v.Chance(0.2)) value = 0;
            else if (mode > 0.9 && v.Chance(0.1)) value *= 1000;
            dy[i] = dtype == DType.Float32 ? (float)value : value;
        }
        source = v;
    }

    private static double Ulp(double value, bool f32) =>
        f32 ? MathF.BitIncrement((float)value) - (float)value : Math.BitIncrement(value) - value;
}
