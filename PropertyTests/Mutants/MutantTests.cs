using Harness.Engine;
using Harness.Settings;
using Harness.Subjects;
using PropertyTests.Engine;
using PropertyTests.Support;
using Xunit.Abstractions;

namespace PropertyTests.Mutants;

/// <summary>
/// Proof of strength: the cross-check property rejects every planted-bug kernel within the default case budget,
/// under the repository's tolerances, and shrinks the counterexample to at most 8 elements where the bug allows.
/// </summary>
public sealed class MutantTests(ITestOutputHelper output)
{
    public static TheoryData<string> MutantNames()
    {
        var data = new TheoryData<string>();
        foreach (MutantKernel m in AllMutants.Create()) data.Add(m.Name);
        return data;
    }

    [Fact]
    public void There_are_at_least_twelve_mutants_with_distinct_names()
    {
        var names = AllMutants.Create().Select(m => m.Name).ToList();
        Assert.True(names.Count >= 12, $"{names.Count} mutants");
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    /// <summary>The mutants' base without a bug passes every group: so each mutant below fails because of its bug,
    /// not because the base is less accurate than the tuned tolerances.</summary>
    [Fact]
    public void The_mutants_base_without_a_bug_passes_every_cross_check()
    {
        var subject = new KernelSubject(new ControlKernel());
        foreach (var (kind, _, _, _) in ToleranceTable.AllKeys())
        {
            CheckReport report = CrossCheckProperties.Run(subject, kind, TestRun.Settings.Scaled(CrossCheckProperties.DefaultCases));
            Assert.True(report.Passed, string.Join("\n\n", report.ShrunkFailures.Select(f => f.Describe())));
        }
    }

    [Theory]
    [MemberData(nameof(MutantNames))]
    public void ShouldFail_cross_check_rejects_mutant(string name)
    {
        MutantKernel mutant = AllMutants.Create().Single(m => m.Name == name);
        var subject = new KernelSubject(mutant);
        var caught = new List<FailureReport>();
        foreach (var (kind, _, _, _) in ToleranceTable.AllKeys())
        {
            CheckReport report = CrossCheckProperties.Run(subject, kind, TestRun.Settings.Scaled(CrossCheckProperties.DefaultCases));
            caught.AddRange(report.ShrunkFailures);
        }
        Assert.True(caught.Count > 0, $"{name} ({mutant.Bug}) passed every cross-check: the properties are too weak for this bug");
        FailureReport smallest = caught.OrderBy(f => f.Shrunk.Case.Count).First();
        output.WriteLine($"{name}: caught in {caught.Count} of 8 groups; smallest shrunk case {smallest.Shrunk.Case.Count} elements ({smallest.Shrunk.Case.Kind}, shape [{string.Join(", ", smallest.Shrunk.Case.Shape)}])");
        output.WriteLine(smallest.Describe());
        if (mutant.MaxShrunkElements is int bound)
        {
            Assert.True(smallest.Shrunk.Case.Count <= bound,
                $"{name}: the smallest shrunk counterexample has {smallest.Shrunk.Case.Count} elements, more than {bound}:\n{smallest.Describe()}");
        }
    }
}
