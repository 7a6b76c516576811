using System.Diagnostics;
using System.Reflection;

namespace Harness.Engine;

/// <summary>
/// What a subject threw on a valid case, as a report shows it: the exception's type and message, and the stack frames
/// of the user's code (frames in the harness's own assemblies and in the .NET libraries are left out: they are the
/// same for every throw and say nothing about the kernel).
/// </summary>
/// <param name="Type">The exception's type name ("IndexOutOfRangeException").</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Frames">"at Namespace.Type.Method(...) in file:line N", innermost first.</param>
public sealed record ThrownError(string Type, string Message, IReadOnlyList<string> Frames)
{
    /// <summary>Frames shown at most (a deep recursion would drown the report).</summary>
    public const int MaxFrames = 12;

    private static readonly Assembly[] HarnessAssemblies = [typeof(ThrownError).Assembly];

    public static ThrownError From(Exception e)
    {
        var frames = new List<string>();
        foreach (StackFrame frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            if (frames.Count == MaxFrames) break;
            MethodBase? method = frame.GetMethod();
            Type? type = method?.DeclaringType;
            if (method is null || type is null || !IsUserCode(type.Assembly)) continue;
            string parameters = string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name));
            string where = frame.GetFileName() is { Length: > 0 } file ? $" in {file}:line {frame.GetFileLineNumber()}" : "";
            frames.Add($"at {type.FullName}.{method.Name}({parameters}){where}");
        }
        return new ThrownError(e.GetType().Name, e.Message, frames);
    }

    /// <summary>"threw IndexOutOfRangeException: Index was outside the bounds of the array."</summary>
    public string Headline => $"threw {Type}: {Message}";

    // The user's code: anything but the harness engine and the runtime's own libraries.
    private static bool IsUserCode(Assembly assembly)
    {
        if (HarnessAssemblies.Contains(assembly)) return false;
        string name = assembly.GetName().Name ?? "";
        return !(name is "System.Private.CoreLib" or "mscorlib" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal));
    }
}
