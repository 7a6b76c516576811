using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using Harness.Cases;
using Reference;

namespace Harness.Generation;

/// <summary>
/// FsCheck generators of cases. FsCheck chooses the structure (regime, shape, dim) and a data seed; the values
/// come from <see cref="ValueSource"/> so that large rows stay cheap. <see cref="Generate"/> gives the generator's
/// case at one <see cref="CaseToken"/>, so any case of any run can be regenerated alone.
/// </summary>
public static class CaseGenerator
{
    /// <summary>The FsCheck size passed to the generator (FsCheck's default maximum).</summary>
    public const int Size = 100;

    private static readonly ConditionalWeakTable<GeneratorOptions, RegimeTable> Tables = new();

    /// <summary>The generator for one op x pass x dtype.</summary>
    public static Gen<Case> For(SoftmaxOp op, Pass pass, DType dtype, GeneratorOptions options)
    {
        Gen<string> regime = Gen.Frequency(TableFor(options).Weights.Select(w => (w.Weight, Gen.Constant(w.Name))).ToArray());
        // The regime, then three seeds, drawn in that order from one random stream (as a chain of binds would, but
        // without building a generator per draw).
        Gen<(int ShapeSeed, int DataHigh, int DataLow)> seeds = Gen.Three(Gen.Choose(0, int.MaxValue));
        return Gen.Zip(regime, seeds, (r, s) =>
            Build(op, pass, dtype, r, (ulong)s.ShapeSeed, ((ulong)s.DataHigh << 32) ^ (ulong)s.DataLow, options));
    }

    /// <summary>An FsCheck arbitrary: the generator with <see cref="Shrinker"/>'s candidates.</summary>
    public static Arbitrary<Case> Arbitrary(SoftmaxOp op, Pass pass, DType dtype, GeneratorOptions options) =>
        Arb.From(For(op, pass, dtype, options), c => Shrinker.Candidates(c));

    /// <summary>
    /// The case at <paramref name="token"/>: the same token always gives the same case, the one <see cref="For"/>'s
    /// generator gives from the token's FsCheck seed. The engine calls this for every case, so it makes that
    /// generator's draws itself (<see cref="FsCheckDraws"/>), in its order: Gen.Frequency's Choose(1, total weight)
    /// for the regime, then three Choose(0, int.MaxValue) for the seeds.
    /// </summary>
    public static Case Generate(CaseToken token, GeneratorOptions options)
    {
        RegimeTable table = TableFor(options);
        var draws = new FsCheckDraws(token.RandomSeed);
        string regime = table.Pick(draws.Choose(1, table.Total));
        int shapeSeed = draws.Choose(0, int.MaxValue), dataHigh = draws.Choose(0, int.MaxValue), dataLow = draws.Choose(0, int.MaxValue);
        return Build(token.Op, token.Pass, token.DType, regime, (ulong)shapeSeed, ((ulong)dataHigh << 32) ^ (ulong)dataLow, options);
    }

    private static RegimeTable TableFor(GeneratorOptions options) => Tables.GetValue(options, o => new RegimeTable(o.Regimes));

    /// <summary>The regimes a generator draws from, with their weights, and Gen.Frequency's pick among them.</summary>
    private sealed class RegimeTable
    {
        public RegimeTable(IReadOnlyList<string>? regimes)
        {
            Weights = regimes is null ? [.. Regime.Weights] : Regime.Weights.Where(w => regimes.Contains(w.Name)).ToArray();
            Total = Weights.Sum(w => w.Weight);
        }

        public (int Weight, string Name)[] Weights { get; }

        public int Total { get; }

        /// <summary>The regime for a draw n in [1, <see cref="Total"/>]: the first whose running weight reaches n.</summary>
        public string Pick(int n)
        {
            foreach (var (weight, name) in Weights)
            {
                if (n <= weight) return name;
                n -= weight;
            }
            throw new ArgumentOutOfRangeException(nameof(n), n, $"A frequency draw lies in [1, {Total}].");
        }
    }

    private static Case Build(SoftmaxOp op, Pass pass, DType dtype, string regime, ulong shapeSeed, ulong dataSeed, GeneratorOptions options)
    {
        var s = new ValueSource(shapeSeed);
        (int[] shape, int dim) = Shape(ref s, regime, options);
        int count = 1;
        foreach (int size in shape) count *= size;
        var v = new ValueSource(dataSeed);
        double[] x = new double[count];
        if (count > 0) Values.Fill(ref v, regime, dtype, x, shape, dim);
        double[]? dy = null;
        if (pass == Pass.Backward)
        {
            dy = new double[count];
            Values.FillUpstream(ref v, dtype, dy);
        }
        return new Case(op, pass, dtype, shape, dim, x, dy, regime);
    }

    // Rank 1-4 mostly, rank 0 rarely; the normalised dimension's size C from lengths around vector widths; the
    // other sizes small; dim drawn in [-rank, rank) so negative dims are as common as positive ones.
    private static (int[] Shape, int Dim) Shape(ref ValueSource s, string regime, GeneratorOptions options)
    {
        double pick = s.NextDouble();
        int rank = pick < 0.03 ? 0 : pick < 0.33 ? 1 : pick < 0.78 ? 2 : pick < 0.93 ? 3 : 4;
        if (rank == 0)
        {
            return regime == Regime.Empty ? ([0], 0) : ([], s.Chance(0.5) ? 0 : -1);
        }
        int dim = s.Next(2 * rank) - rank;
        int d = dim < 0 ? dim + rank : dim;
        int budget = options.TypicalElements;
        int length = regime switch
        {
            Regime.SingleColumn => 1,
            Regime.LongRow => Math.Min(EdgeValues.VocabularyRow, options.MaxElements),
            _ => s.Chance(0.08) ? 258 + s.Next(4096 - 258) : EdgeValues.RowLengths[s.Next(EdgeValues.RowLengths.Count)],
        };
        length = Math.Max(1, Math.Min(length, options.MaxElements));
        if (regime != Regime.LongRow) budget = Math.Max(budget, length);
        var shape = new int[rank];
        shape[d] = length;
        int product = length;
        for (int k = 0; k < rank; k++)
        {
            if (k == d) continue;
            int size = 1 + s.Next(5);
            while (size > 1 && (long)product * size > Math.Min(budget, options.MaxElements)) size--;
            shape[k] = size;
            product *= size;
        }
        if (regime == Regime.Empty)
        {
            shape[s.Next(rank)] = 0;
        }
        return (shape, dim);
    }
}
