using Harness.Engine;
using Harness.Generation;
using Harness.Subjects;
using PropertyTests.Mutants;
using Reference;

namespace PropertyTests.Engine;

/// <summary>
/// Issue #18, item 7: HARNESS_REPLAY=TOKEN ./run-tests.sh runs just that case in the cross-check property, and no other
/// test changes because of it (before, every test that cross-checks through <see cref="CrossCheckProperties.Run"/>
/// ran only that case: the mutants then "passed" and 14 unrelated tests failed).
/// </summary>
public sealed class ReplayEnvironmentTests
{
    private static readonly KernelSubject Mutant = new(new NoMaxSubtraction());

    [Fact]
    public void A_replay_token_of_the_group_runs_just_that_case()
    {
        var token = new CaseToken(SoftmaxOp.Softmax, Harness.Cases.Pass.Forward, Harness.Cases.DType.Float64, 9, 4);
        GroupResult group = Assert.Single(CrossCheckProperties.Run(SubjectCatalog.Subject("accurate"), "softmax/forward/float64", 300, replay: token).Groups);
        Assert.Equal(1, group.Cases);
    }

    [Fact]
    public void A_replay_token_of_another_group_runs_nothing_there()
    {
        var token = new CaseToken(SoftmaxOp.LogSoftmax, Harness.Cases.Pass.Backward, Harness.Cases.DType.Float32, 9, 4);
        GroupResult group = Assert.Single(CrossCheckProperties.Run(SubjectCatalog.Subject("accurate"), "softmax/forward/float64", 300, replay: token).Groups);
        Assert.Equal(0, group.Cases);
    }

    [Fact]
    public void ShouldFail_without_a_replay_argument_the_stream_runs_whatever_HARNESS_REPLAY_says()
    {
        // The mutant tests call Run without a replay: the whole stream runs, and the mutant is caught.
        CheckReport report = CrossCheckProperties.Run(Mutant, "softmax/forward/float32", 300);
        Assert.True(report.Groups[0].Cases > 1);
        Assert.False(report.Passed);
    }
}
