namespace Harness.Fixtures;

/// <summary>A fixture names a subject DLL that replay will not run unasked: a fixture from an untrusted pull request
/// must not be able to run code. The message says why and the two ways to run it anyway.</summary>
public sealed class UntrustedSubjectException : Exception
{
    private UntrustedSubjectException(string message) : base(message) { }

    /// <summary>The message, pinned by a test:
    /// <code>
    /// subject '/tmp/k/Kernels.dll:K.Fast' not run: its DLL /tmp/k/Kernels.dll is outside /repo, the repository holding
    /// the fixture, and a fixture's DLL is code; to run it, name it yourself (--subject /tmp/k/Kernels.dll:K.Fast) or
    /// allow fixtures' subjects (--trust-subjects)
    /// </code>
    /// </summary>
    public static UntrustedSubjectException For(string spec, string dll, string? repository) =>
        new($"subject '{spec}' not run: its DLL {dll} is outside " +
            (repository is null ? "any git repository (the fixture is in none)" : $"{repository}, the repository holding the fixture") +
            $", and a fixture's DLL is code; to run it, name it yourself (--subject {spec}) or allow fixtures' subjects (--trust-subjects)");
}
