using Reference;

namespace Harness.Cases;

/// <summary>
/// One unit of work: an op, a pass and a dtype over a tensor of a given shape, normalised along <see cref="Dim"/>.
/// Values are held as doubles for both dtypes; a float32 case holds exactly representable values (its widening),
/// so every value round-trips bit for bit (NaN payloads aside).
/// </summary>
public sealed class Case
{
    public Case(SoftmaxOp op, Pass pass, DType dtype, int[] shape, int dim, double[] x, double[]? dy, string regime = "")
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(x);
        Op = op;
        Pass = pass;
        DType = dtype;
        Shape = shape;
        Dim = dim;
        X = x;
        Dy = dy;
        Regime = regime;
        long count = 1;
        foreach (int size in shape)
        {
            if (size < 0) throw new ArgumentException($"Shape size {size} is negative.", nameof(shape));
            count *= size;
        }
        if (count != x.Length) throw new ArgumentException($"x has {x.Length} values; shape [{string.Join(", ", shape)}] needs {count}.", nameof(x));
        if (pass == Pass.Backward && (dy is null || dy.Length != x.Length))
        {
            throw new ArgumentException($"A backward case needs dy with {x.Length} values.", nameof(dy));
        }
        if (pass == Pass.Forward && dy is not null) throw new ArgumentException("A forward case has no dy.", nameof(dy));
        RowLayout.NormalizeDim(shape.Length, dim);
        if (dtype == DType.Float32)
        {
            RequireFloat32(x, nameof(x));
            if (dy is not null) RequireFloat32(dy, nameof(dy));
        }
    }

    public SoftmaxOp Op { get; }
    public Pass Pass { get; }
    public DType DType { get; }
    public int[] Shape { get; }
    public int Dim { get; }
    public double[] X { get; }
    public double[]? Dy { get; }

    /// <summary>The value regime the generator drew this case from (for statistics); empty when unknown.</summary>
    public string Regime { get; }

    public int Count => X.Length;
    public int Rank => Shape.Length;
    public RowLayout Layout => RowLayout.Create(Shape, Dim, X.Length, X.Length);

    /// <summary>"softmax/forward/float32".</summary>
    public string Kind => $"{Names.Of(Op)}/{Names.Of(Pass)}/{Names.Of(DType)}";

    public Case With(int[]? shape = null, int? dim = null, double[]? x = null, double[]? dy = null) =>
        new(Op, Pass, DType, shape ?? Shape, dim ?? Dim, x ?? X, Pass == Pass.Backward ? dy ?? Dy : null, Regime);

    /// <summary>Kind, shape, dim and regime: "softmax/forward/float32 shape=[2,3] dim=-1 regime=wide".</summary>
    public string Summary => $"{Kind} shape=[{string.Join(",", Shape)}] dim={Dim} regime={(Regime.Length == 0 ? "-" : Regime)}";

    /// <summary>One line: <see cref="Summary"/> and the first values (FsCheck prints cases with it).</summary>
    public override string ToString() => $"{Summary} x={Preview(X)}" + (Dy is null ? "" : $" dy={Preview(Dy)}");

    private static string Preview(double[] values)
    {
        const int shown = 8;
        string body = string.Join(",", values.Take(shown).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return "[" + body + (values.Length > shown ? $",...({values.Length})" : "") + "]";
    }

    private static void RequireFloat32(double[] values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsNaN(v) && (double)(float)v != v)
            {
                throw new ArgumentException($"{name}[{i}] = {v:R} is not a float32 value.", name);
            }
        }
    }
}
