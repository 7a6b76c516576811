using Harness.Cases;

namespace Harness.Subjects;

/// <summary>Anything that turns a case into an output: a subject under test or an oracle.</summary>
public interface ICaseEvaluator
{
    /// <summary>A short name for reports ("accurate", "torch", "exact").</summary>
    string Name { get; }

    /// <summary>The forward output y (forward cases) or the input gradient dx (backward cases), as doubles.</summary>
    double[] Evaluate(Case c);
}
