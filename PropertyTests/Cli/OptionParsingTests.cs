using Harness.Cli;

namespace PropertyTests.Cli;

/// <summary>Every error a user can cause is one line on stderr and exit code 2; help is exit 0.</summary>
public sealed class OptionParsingTests
{
    [Theory]
    [InlineData("check --no-such-option")]
    [InlineData("check --op softmx")]
    [InlineData("check --pass sideways")]
    [InlineData("check --dtype float16")]
    [InlineData("check --cases 0")]
    [InlineData("check --cases many")]
    [InlineData("check --shard 3/2")]
    [InlineData("check --shard 0/4")]
    [InlineData("check --threads 0")]
    [InlineData("check --replay softmax/forward@1")]
    [InlineData("check --subject nosuchkernel")]
    [InlineData("check --subject missing.dll:Some.Type")]
    [InlineData("check --tolerances does-not-exist.json")]
    [InlineData("check --tolerance softmax/forward/float32=ulp:-1")]
    [InlineData("check --tolerance softmax/sideways/float32=ulp:4")]
    [InlineData("check --tolerance-mode exact")]
    [InlineData("tune --margin 0.5")]
    [InlineData("replay does-not-exist/")]
    [InlineData("show does-not-exist.json")]
    [InlineData("show")]
    [InlineData("frobnicate")]
    [InlineData("")]
    public void Bad_usage_is_one_line_on_stderr_and_exit_code_2(string commandLine)
    {
        var result = CliHarness.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(ExitCodes.BadInput, result.Code);
        string error = result.Error.TrimEnd('\n');
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("check --help")]
    [InlineData("replay --help")]
    [InlineData("show --help")]
    [InlineData("tune --help")]
    public void Help_is_exit_code_0_and_lists_the_options(string commandLine)
    {
        var result = CliHarness.Run(commandLine.Split(' '));
        Assert.Equal(ExitCodes.Passed, result.Code);
        Assert.Contains("Usage:", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Bad_option_value_names_the_option_and_what_was_expected()
    {
        var result = CliHarness.Run(["check", "--op", "softmx"]);
        Assert.Equal("error: --op: expected softmax, log_softmax or all (comma-separated), found 'softmx'\n", result.Error);
    }

    [Theory]
    [InlineData("all", 2)]
    [InlineData("softmax", 1)]
    [InlineData("log_softmax,softmax", 2)]
    public void Op_selection_accepts_names_lists_and_all(string text, int count) =>
        Assert.Equal(count, Selection.Ops(text).Count);

    [Theory]
    [InlineData("1/1", 0, 1)]
    [InlineData("2/4", 1, 4)]
    [InlineData("4/4", 3, 4)]
    public void Shard_is_one_based_on_the_command_line(string text, int k, int n) =>
        Assert.Equal((k, n), Selection.Shard(text));
}
