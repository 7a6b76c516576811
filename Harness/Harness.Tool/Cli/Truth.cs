using Harness.Oracles;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>The high-precision oracle the tool uses for `tune` and `show`: the one place that names it.</summary>
internal static class Truth
{
    public static ICaseEvaluator Create() => new ExactOracle();
}
