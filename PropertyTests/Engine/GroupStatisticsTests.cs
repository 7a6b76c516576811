using System.Collections.Concurrent;
using Harness.Cases;
using Harness.Engine;
using Harness.Subjects;
using PropertyTests.Support;
using Reference;
using Reference.Vectorized;

namespace PropertyTests.Engine;

/// <summary>The per-group statistics of a run, against the same figures computed from every case's outcome.</summary>
public sealed class GroupStatisticsTests
{
    [Fact]
    public void Largest_ulp_errors_against_the_truth_cover_every_arbitrated_case()
    {
        // float32 softmax forward: torch is off (and arbitration asked) in about a third of the cases.
        var outcomes = new ConcurrentBag<CaseOutcome>();
        CheckReport report = CheckRunner.Run(new CheckOptions
        {
            Subjects = [new KernelSubject(new VectorizedKernel())],
            Ops = [SoftmaxOp.Softmax],
            Passes = [Pass.Forward],
            DTypes = [DType.Float32],
            Cases = 200,
            Tolerances = TestRun.Tolerances,
            Observe = (_, outcome) => outcomes.Add(outcome),
        });
        GroupResult group = Assert.Single(report.Groups);
        CaseOutcome[] arbitrated = outcomes.Where(o => o.Truth is not null).ToArray();
        Assert.Contains(arbitrated, o => o.VsTruth is not null && o.Verdict!.MaxUlpError != o.VsTruth.MaxUlpError);
        Assert.Equal(arbitrated.Max(o => CheckRunner.TruthUlps(o.Case, o.Actual!, o.Truth!)), group.MaxSubjectUlpVsTruth);
        Assert.Equal(arbitrated.Max(o => CheckRunner.TruthUlps(o.Case, o.Expected, o.Truth!)), group.MaxTorchUlpVsTruth);
    }
}
