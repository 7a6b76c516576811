using Harness.Engine;

namespace Harness;

/// <summary>
/// Thrown by <see cref="Gate.Check"/> and <see cref="Gate.Replay"/> when a kernel disagrees with PyTorch. The message
/// is the standard failure report, the same text `harness check` prints (a header, then one block per distinct
/// failure with the worst element, the input, the case token and the fixture it was saved to), so a test runner
/// shows the whole finding.
/// </summary>
public sealed class HarnessCheckException : Exception
{
    private HarnessCheckException(string message, CheckReport? report) : base(message)
    {
        Report = report;
    }

    /// <summary>The run that failed (null for a replayed fixture).</summary>
    public CheckReport? Report { get; }

    internal static HarnessCheckException ForReport(CheckReport report, string header, IEnumerable<string> failures) =>
        new(header + "\n\n" + string.Join("\n\n", failures), report);

    internal static HarnessCheckException ForFixture(string text) => new(text, null);
}
