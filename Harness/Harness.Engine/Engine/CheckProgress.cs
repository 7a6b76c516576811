namespace Harness.Engine;

/// <summary>Progress of a run: cases done of the total, failures so far, the group now running.</summary>
public readonly record struct CheckProgress(long Done, long Total, int Failures, string Group);
