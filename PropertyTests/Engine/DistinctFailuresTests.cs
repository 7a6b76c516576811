using Harness.Cases;
using Harness.Engine;
using Harness.Oracles;
using Harness.Subjects;
using PropertyTests.Mutants;
using PropertyTests.Support;
using Reference;
using Xunit.Abstractions;

namespace PropertyTests.Engine;

/// <summary>
/// Issue #18, item 4: a run reports every distinct failure of a group (up to <see cref="CheckOptions.DefaultDistinct"/>),
/// distinct by kind and regime, each shrunk; the group counts its failing cases per regime and lists every failing
/// token. A kernel with five planted defects shows all five.
/// </summary>
public sealed class DistinctFailuresTests(ITestOutputHelper output)
{
    internal static CheckReport RunSeveralDefects(int cases = 400) => CheckRunner.Run(new CheckOptions
    {
        Subjects = [new KernelSubject(new SeveralDefects())],
        Ops = [SoftmaxOp.Softmax],
        Passes = [Pass.Forward],
        DTypes = [DType.Float32],
        Cases = cases,
        Seed = TestRun.Settings.Seed,
        Tolerances = TestRun.Tolerances,
    });

    private static readonly Lazy<CheckReport> SeveralDefectsReport = new(() => RunSeveralDefects());

    [Fact]
    public void ShouldFail_a_kernel_with_five_defects_shows_each_of_them()
    {
        GroupResult group = Assert.Single(SeveralDefectsReport.Value.Groups);
        foreach (FailureReport f in group.Shrunk) output.WriteLine(f.Describe() + "\n");
        string[] shown = group.Shrunk.Select(f => f.Kind.ToString()).ToArray();
        Assert.Equal(CheckOptions.DefaultDistinct, group.Shrunk.Count);
        foreach (string kind in SeveralDefects.Kinds) Assert.Contains(kind, shown);
        // Every shown failure shrank and kept its kind.
        Assert.All(group.Shrunk, f => Assert.Equal(f.Kind, FailureKind.Of(f.Shrunk)));
    }

    [Fact]
    public void Every_failing_case_is_listed_and_counted_per_regime()
    {
        GroupResult group = Assert.Single(SeveralDefectsReport.Value.Groups);
        Assert.Equal(group.Failures, group.Failing.Count);
        Assert.Equal(group.Failures, group.FailuresByRegime.Values.Sum());
        Assert.Equal(group.Failing.Select(f => f.Token.Index).Order(), group.Failing.Select(f => f.Token.Index));
        foreach (FailingCase f in group.Failing.Take(20))
        {
            Case c = Harness.Generation.CaseGenerator.Generate(f.Token, Harness.Generation.GeneratorOptions.Default);
            Assert.Equal(c.Regime, f.Regime);
        }
        Assert.All(group.Shrunk, s => Assert.Equal(group.Failing.Count(f => f.Kind == s.Kind && f.Regime == s.Original.Case.Regime), s.Similar));
    }

    [Fact]
    public void A_subject_that_throws_is_reported_as_threw_with_the_frames_of_its_own_code()
    {
        GroupResult group = Assert.Single(SeveralDefectsReport.Value.Groups);
        FailureReport threw = group.Shrunk.Single(f => f.Kind.ToString() == "threw IndexOutOfRangeException");
        string text = threw.Describe();
        output.WriteLine(text);
        Assert.StartsWith("several-defects threw IndexOutOfRangeException on softmax/forward/float32: ", text);
        Assert.DoesNotContain("disagrees with torch", text);
        Assert.Contains("\nthrew IndexOutOfRangeException: Index was outside the bounds of the array.\n  at PropertyTests.Mutants.SeveralDefects.ReadPastTheRow(Double[], Int32) in ", text);
        Assert.Contains("\n  at PropertyTests.Mutants.SeveralDefects.ForwardAll(", text);
        Assert.DoesNotContain("at Harness.", text);
        Assert.DoesNotContain("at System.", text);
    }
}
