using System.Text;
using Harness.Engine;
using Harness.Fixtures;
using PropertyTests.Engine;

namespace PropertyTests.Fixtures;

/// <summary>Issue #18, item 8: a fixture of a subject that threw keeps what it threw ("error": type, message and
/// the frames of the subject's code); other fixtures have no "error" field and keep their bytes.</summary>
public sealed class ThrownFixtureTests
{
    private static readonly Lazy<CheckReport> Report = new(() => DistinctFailuresTests.RunSeveralDefects(200));

    private static Fixture FixtureOf(string kind) =>
        FailureFixtures.From(Report.Value.ShrunkFailures.Single(f => f.Kind.ToString() == kind));

    [Fact]
    public void ShouldFail_a_fixture_of_a_throw_keeps_type_message_and_frames_through_a_round_trip()
    {
        Fixture f = FixtureOf("threw IndexOutOfRangeException");
        string text = FixtureJson.Serialize(f);
        Assert.Contains("\n  \"error\": {\n    \"type\": \"IndexOutOfRangeException\",\n    \"message\": \"Index was outside the bounds of the array.\",\n    \"frames\": [\"at PropertyTests.Mutants.SeveralDefects.ReadPastTheRow(", text);
        Fixture back = FixtureJson.Deserialize("memory.json", Encoding.UTF8.GetBytes(text), FixtureLimits.Default);
        ThrownError error = Assert.IsType<ThrownError>(back.Error);
        Assert.Equal("IndexOutOfRangeException", error.Type);
        Assert.Equal(f.Error!.Message, error.Message);
        Assert.Equal(f.Error.Frames, error.Frames);
        Assert.Equal(text, FixtureJson.Serialize(back));
    }

    [Fact]
    public void A_fixture_of_a_subject_that_returned_has_no_error_field()
    {
        Fixture f = FixtureOf("NaN where torch is finite");
        Assert.Null(f.Error);
        Assert.DoesNotContain("\"error\"", FixtureJson.Serialize(f));
    }

    [Fact]
    public void An_error_whose_frames_are_not_strings_names_the_field()
    {
        string text = FixtureJson.Serialize(FixtureOf("threw IndexOutOfRangeException"));
        int start = text.IndexOf("\"frames\": [", StringComparison.Ordinal);
        string broken = text[..start] + "\"frames\": [1]\n  }\n}\n";
        var e = Assert.Throws<FixtureFormatException>(() => FixtureJson.Deserialize("bad.json", Encoding.UTF8.GetBytes(broken), FixtureLimits.Default));
        Assert.Contains("error.frames[0]", e.Message);
    }
}
