using System.Diagnostics;
using Harness.Cases;
using Reference;

namespace Harness.Engine;

/// <summary>The statistics of one subject x op x pass x dtype in a run.</summary>
public sealed class GroupResult(string subject, SoftmaxOp op, Pass pass, DType dtype)
{
    public string Subject { get; } = subject;
    public SoftmaxOp Op { get; } = op;
    public Pass Pass { get; } = pass;
    public DType DType { get; } = dtype;
    public string Kind => $"{Names.Of(Op)}/{Names.Of(Pass)}/{Names.Of(DType)}";

    public int Cases { get; internal set; }
    public int Failures { get; internal set; }

    /// <summary>Cases where the subject missed torch but matched the high-precision truth (torch was off).</summary>
    public int TorchOff { get; internal set; }
    public long Elements { get; internal set; }

    /// <summary>Largest errors of the subject against torch over comparable (finite) elements.</summary>
    public double MaxAbsError { get; internal set; }
    public double MaxRelError { get; internal set; }
    public double MaxUlpError { get; internal set; }

    /// <summary>Largest ULP errors of the subject and of torch against the high-precision truth (NaN: not computed).</summary>
    public double MaxSubjectUlpVsTruth { get; internal set; } = double.NaN;
    public double MaxTorchUlpVsTruth { get; internal set; } = double.NaN;

    public TimeSpan Elapsed { get; internal set; }
    public Timing Timing { get; } = new();
    public List<FailureReport> Shrunk { get; } = [];

    /// <summary>Every failing case of the group, in stream order: its token, kind and regime.</summary>
    public List<FailingCase> Failing { get; } = [];

    /// <summary>Failing cases per generator regime (ordinal order of the regime names).</summary>
    public SortedDictionary<string, int> FailuresByRegime { get; } = new(StringComparer.Ordinal);

    public double CasesPerSecond => Elapsed.TotalSeconds > 0 ? Cases / Elapsed.TotalSeconds : 0;

    /// <summary>The share of worker time outside the subject, libtorch and the high-precision oracle: generation,
    /// comparison, bookkeeping (and waiting, on a loaded machine).</summary>
    public double EngineOverheadShare => Share(Timing.SubjectTicks + Timing.OracleTicks + Timing.TruthTicks);

    /// <summary>The share of worker time spent in the high-precision oracle (arbitration, tuning).</summary>
    public double TruthShare => 1 - Share(Timing.TruthTicks);

    private double Share(long insideTicks)
    {
        double total = Elapsed.TotalSeconds * WorkersUsed;
        double inside = insideTicks / (double)Stopwatch.Frequency;
        return total > 0 ? Math.Clamp(1 - inside / total, 0, 1) : 0;
    }

    internal int WorkersUsed { get; set; } = 1;
}
