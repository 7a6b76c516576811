namespace Harness.Engine;

/// <summary>The result of a check run.</summary>
public sealed record CheckReport(ulong Seed, IReadOnlyList<GroupResult> Groups, TimeSpan Elapsed)
{
    public int Cases => Groups.Sum(g => g.Cases);
    public int Failures => Groups.Sum(g => g.Failures);
    public bool Passed => Failures == 0;

    /// <summary>Failing cases on which the subject threw (the others it computed, wrongly).</summary>
    public int Threw => Groups.Sum(g => g.Failing.Count(f => f.Kind.Category == FailureKind.Threw));

    /// <summary>How the failing cases failed, to follow "N of M cases in G of K groups" in a summary line, its
    /// separator included: " disagree with torch", ": the subject threw on every one", or ": 120 disagree with
    /// torch, on 28 the subject threw".</summary>
    public string HowFailed => Threw switch
    {
        0 => " disagree with torch",
        int threw when threw == Failures => ": the subject threw on every one",
        int threw => $": {Failures - threw} disagree with torch, on {threw} the subject threw",
    };

    public IEnumerable<FailureReport> ShrunkFailures => Groups.SelectMany(g => g.Shrunk);
}
