namespace Harness.Engine;

/// <summary>The result of a check run.</summary>
public sealed record CheckReport(ulong Seed, IReadOnlyList<GroupResult> Groups, TimeSpan Elapsed)
{
    public int Cases => Groups.Sum(g => g.Cases);
    public int Failures => Groups.Sum(g => g.Failures);
    public bool Passed => Failures == 0;
    public IEnumerable<FailureReport> ShrunkFailures => Groups.SelectMany(g => g.Shrunk);
}
