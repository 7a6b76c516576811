using Harness.Cases;
using Harness.Comparison;
using Harness.Fixtures;
using Harness.Oracles;
using Harness.Subjects;
using Reference;

namespace PropertyTests.Fixtures;

/// <summary>What replay reports: a subject failure, oracle drift, each on its own, and hand-edited files.</summary>
public sealed class ReplayFindingsTests
{
    private static readonly Case C = FixtureSamples.Softmax2x3([1, 2, 3, 1, 1, 1]);
    private static readonly double[] Torch = [0.1, 0.2, 0.7, 0.25, 0.25, 0.5];
    private static readonly Tolerance Tol = Tolerance.AllClose(atol: 1e-7, rtol: 1e-7);

    private static string RepoPath(string name) => Path.Combine(FixtureSamples.RepositoryRoot, "fixtures", name);

    [Fact]
    public void A_subject_that_disagrees_fails_with_the_worst_element_named()
    {
        Fixture f = FixtureSamples.Make(C, Torch, Torch, tolerance: Tol);
        double[] planted = [0.1, 0.2, 0.7, 0.25, 0.26, 0.5];

        ReplayOutcome outcome = FixtureReplayer.Replay(f, new FixtureSamples.Fixed("planted", planted), new FixtureSamples.Fixed("torch", Torch), Tol);

        Assert.False(outcome.Passed);
        Assert.False(outcome.SubjectPassed);
        Assert.False(outcome.OracleDrifted);
        Assert.Null(outcome.OracleDrift);
        Assert.Equal("""
            Fixture fixtures/softmax-forward-float64-x.json failed: subject 'planted' on softmax/forward/float64 shape=[2,3] dim=-1 regime=test
              Replay:    test:1
              Saved by:  torch 2.10.0.0, harness 0.1.0, 1 thread(s), avx2, 2025-01-31T12:00:00.0000000+00:00
            Subject vs torch now: 1 of 6 elements (16.7%) outside allclose(atol=1E-07, rtol=1E-07)
            Worst element [1, 1]:
              Expected:  0.25  (torch)
              Actual:    0.26  (planted)
              Abs error: 0.010000000000000009  (allowed 1.25E-07)
              Rel error: 0.040000000000000036
              ULP error: 180143985094820
            Oracle drift (torch now vs saved): none, identical bit for bit
            """.ReplaceLineEndings("\n"), outcome.Describe(RepoPath("softmax-forward-float64-x.json")));
    }

    [Fact]
    public void Oracle_drift_is_reported_apart_from_a_passing_subject()
    {
        double[] saved = [0.1, 0.2, 0.7, 0.25, 0.25, 0.4];
        Fixture f = FixtureSamples.Make(C, saved, Torch, tolerance: Tol);

        ReplayOutcome outcome = FixtureReplayer.Replay(f, new FixtureSamples.Fixed("accurate", Torch), new FixtureSamples.Fixed("torch", Torch), Tol);

        Assert.True(outcome.SubjectPassed);
        Assert.True(outcome.OracleDrifted);
        Assert.False(outcome.Passed);
        Assert.EndsWith("""
            Oracle drift (torch now vs saved): 1 of 6 elements (16.7%) outside allclose(atol=1E-07, rtol=1E-07)
            Worst element [1, 2]:
              Expected:  0.4  (saved)
              Actual:    0.5  (torch now)
              Abs error: 0.09999999999999998  (allowed 1.3999999999999998E-07)
              Rel error: 0.24999999999999994
              ULP error: 1801439850948198
            """.ReplaceLineEndings("\n"), outcome.Describe("elsewhere/x.json"));
        Assert.StartsWith("Fixture elsewhere/x.json failed: subject 'accurate'", outcome.Describe("elsewhere/x.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_within_tolerance_is_shown_but_does_not_fail()
    {
        double[] saved = (double[])Torch.Clone();
        saved[2] += 1e-9;
        Fixture f = FixtureSamples.Make(C, saved, Torch, tolerance: Tol);

        ReplayOutcome outcome = FixtureReplayer.Replay(f, new FixtureSamples.Fixed("accurate", Torch), new FixtureSamples.Fixed("torch", Torch), Tol);

        Assert.NotNull(outcome.OracleDrift);
        Assert.False(outcome.OracleDrifted);
        Assert.True(outcome.Passed);
        Assert.Contains("Oracle drift (torch now vs saved): all 6 elements within allclose(atol=1E-07, rtol=1E-07)\nLargest error at [0, 2]:", outcome.Describe("x.json"), StringComparison.Ordinal);
    }

    /// <summary>The seed 2x2 fixture with expected[3] edited by hand: torch and the subject still agree, but the file
    /// no longer matches torch, and the drift names exactly the edited element.</summary>
    [Fact]
    public void A_hand_edited_expected_value_fails_replay_naming_that_element()
    {
        Fixture f = EditedSeedFixture("0.04742587317756679, 0.9525741268224334]", "0.04742587317756679, 0.95]", out string path);

        ReplayOutcome outcome = FixtureReplayer.Replay(f, new TorchOracle(), Tolerance.TorchFloat64);

        Assert.False(outcome.Passed);
        Assert.True(outcome.SubjectPassed);
        Assert.True(outcome.OracleDrifted);
        Assert.Contains("Oracle drift (torch now vs saved): 1 of 4 elements (25.0%) outside allclose(atol=1E-07, rtol=1E-07)\nWorst element [1, 1]:\n  Expected:  0.95  (saved)\n  Actual:    0.9525741268224334  (torch now)",
            outcome.Describe(path), StringComparison.Ordinal);
    }

    /// <summary>Editing an input changes its whole row: both outputs of row 1 drift, the worse one is named.</summary>
    [Fact]
    public void A_hand_edited_input_value_fails_replay_through_drift()
    {
        Fixture f = EditedSeedFixture("\"x\": [1, 2, 2, 5]", "\"x\": [1, 2, 2, 6]", out string path);

        ReplayOutcome outcome = FixtureReplayer.Replay(f, new TorchOracle(), Tolerance.TorchFloat64);

        Assert.True(outcome.SubjectPassed);
        Assert.True(outcome.OracleDrifted);
        Assert.Contains("Oracle drift (torch now vs saved): 2 of 4 elements (50.0%) outside allclose(atol=1E-07, rtol=1E-07)\nWorst element [1, 0]:", outcome.Describe(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_name_that_does_not_resolve_is_a_clear_failure()
    {
        Fixture f = FixtureSamples.Make(C, Torch, Torch, subject: "mutant-7", tolerance: Tol);

        var e = Assert.Throws<SubjectLoadException>(() => FixtureReplayer.Replay(f, new FixtureSamples.Fixed("torch", Torch), Tol));

        Assert.Equal("Unknown subject 'mutant-7': expected one of accurate, vectorized, tensorprimitives, or path/to/Kernels.dll:Namespace.Type", e.Message);
    }

    [Fact]
    public void A_fixture_saved_from_a_planted_bug_fails_until_the_subject_is_fixed()
    {
        // softmax([1, 2, 3]) with its last element off by 1e-3, as a bugged kernel would have saved it.
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [3], 0, [1, 2, 3], null, "test");
        double[] torch = new TorchOracle().Evaluate(c);
        double[] bugged = [torch[0], torch[1], torch[2] + 1e-3];
        Fixture f = FixtureSamples.Make(c, torch, bugged, subject: "accurate");

        ReplayOutcome withBug = FixtureReplayer.Replay(f, new FixtureSamples.Fixed("bugged", bugged), new TorchOracle(), Tolerance.TorchFloat64);
        ReplayOutcome fixedSubject = FixtureReplayer.Replay(f, new TorchOracle(), Tolerance.TorchFloat64);

        Assert.False(withBug.Passed);
        Assert.Contains("Worst element [2]:", withBug.Describe("x.json"), StringComparison.Ordinal);
        Assert.True(fixedSubject.Passed, fixedSubject.Describe("x.json"));
    }

    private static Fixture EditedSeedFixture(string find, string replace, out string path)
    {
        Case seed = Harness.Fixtures.CuratedCases.All.Single(n => n.Name == "seed-softmax-2x2-forward").Case;
        path = RepoPath(FixtureStore.FileName(seed));
        string text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return FixtureJson.Deserialize(path, System.Text.Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal)), FixtureLimits.Default);
    }
}
