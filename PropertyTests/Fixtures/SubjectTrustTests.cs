using Harness.Comparison;
using Harness.Fixtures;

namespace PropertyTests.Fixtures;

/// <summary>A fixture's subject DLL runs only from inside the repository holding the fixture (issue #20, trust).</summary>
public sealed class SubjectTrustTests
{
    private static string Root => FixtureSamples.RepositoryRoot;

    private static string Fixture => Path.Combine(Root, "fixtures", "softmax-forward-float32-0000000000000000.json");

    [Theory]
    [InlineData("accurate")]
    [InlineData("tensorprimitives")]
    [InlineData("no-such-name")]
    public void Built_in_and_unknown_names_load_no_DLL_and_pass(string spec)
    {
        SubjectTrust.Check(spec, null);
        SubjectTrust.Check(spec, Fixture);
    }

    [Fact]
    public void A_DLL_inside_the_fixtures_repository_is_trusted()
    {
        SubjectTrust.Check(Path.Combine(Root, "samples", "bin", "Kernels.dll") + ":K.Fast", Fixture);
    }

    [Fact]
    public void A_DLL_outside_the_repository_is_refused_with_why_and_how()
    {
        var e = Assert.Throws<UntrustedSubjectException>(() => SubjectTrust.Check("/tmp/k/Kernels.dll:K.Fast", Fixture));

        Assert.Equal($"subject '/tmp/k/Kernels.dll:K.Fast' not run: its DLL /tmp/k/Kernels.dll is outside {Root}, the repository holding the fixture, " +
            "and a fixture's DLL is code; to run it, name it yourself (--subject /tmp/k/Kernels.dll:K.Fast) or allow fixtures' subjects (--trust-subjects)", e.Message);
    }

    [Fact]
    public void Dot_dot_segments_cannot_climb_out_of_the_repository()
    {
        string escape = Path.Combine(Root, "fixtures", "..", "..", "evil", "Kernels.dll") + ":E.K";
        Assert.Throws<UntrustedSubjectException>(() => SubjectTrust.Check(escape, Fixture));
    }

    [Fact]
    public void A_fixture_outside_any_repository_trusts_no_DLL()
    {
        using var folder = new ScratchFolder();
        string dll = Path.Combine(folder.Path, "Kernels.dll");
        var e = Assert.Throws<UntrustedSubjectException>(() => SubjectTrust.Check(dll + ":K.Fast", Path.Combine(folder.Path, "a.json")));
        Assert.Contains("outside any git repository (the fixture is in none)", e.Message);
    }

    [Fact]
    public void Replay_without_a_path_runs_built_in_subjects_only()
    {
        var c = FixtureSamples.Softmax2x3([1, 2, 3, 4, 5, 6]);
        Fixture f = FixtureSamples.Make(c, c.X, c.X, subject: Path.Combine(Root, "x.dll") + ":K.Fast");
        Assert.Throws<UntrustedSubjectException>(() => FixtureReplayer.Replay(f, new FixtureSamples.Fixed("torch", c.X), Tolerance.AllClose(atol: 1e-7, rtol: 1e-7)));
    }
}
