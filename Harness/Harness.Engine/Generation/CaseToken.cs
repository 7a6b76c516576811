using System.Globalization;
using Harness.Cases;
using Reference;

namespace Harness.Generation;

/// <summary>
/// Names one generated case: its op, pass, dtype, the run's seed and its index in the run's stream. Written as
/// <c>softmax/forward/float32@42:17</c>; pass it to <c>harness check --replay</c> or HARNESS_REPLAY to regenerate
/// exactly that case.
/// </summary>
public readonly record struct CaseToken(SoftmaxOp Op, Pass Pass, DType DType, ulong Seed, long Index)
{
    /// <summary>The FsCheck random seed of this case: independent of every other case of the run.</summary>
    public ulong RandomSeed =>
        ValueSource.Mix(ValueSource.Mix(Seed, (ulong)Index), (ulong)((int)Op * 4 + (int)Pass * 2 + (int)DType));

    public override string ToString() =>
        $"{Names.Of(Op)}/{Names.Of(Pass)}/{Names.Of(DType)}@{Seed.ToString(CultureInfo.InvariantCulture)}:{Index.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string text, out CaseToken token)
    {
        token = default;
        int at = text.IndexOf('@');
        int colon = text.LastIndexOf(':');
        if (at < 0 || colon < at) return false;
        string[] kind = text[..at].Split('/');
        if (kind.Length != 3) return false;
        if (!Names.TryParseOp(kind[0], out SoftmaxOp op) || !Names.TryParsePass(kind[1], out Pass pass) || !Names.TryParseDType(kind[2], out DType dtype)) return false;
        if (!ulong.TryParse(text[(at + 1)..colon], NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)) return false;
        if (!long.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long index)) return false;
        token = new CaseToken(op, pass, dtype, seed, index);
        return true;
    }
}
