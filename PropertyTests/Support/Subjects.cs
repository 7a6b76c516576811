using Harness.Subjects;
using Reference;

namespace PropertyTests.Support;

/// <summary>The built-in subjects every property runs against.</summary>
internal static class Subjects
{
    public static readonly IReadOnlyList<string> BuiltIn = SubjectCatalog.DefaultNames;

    public static ISoftmaxKernel Resolve(string name) => SubjectCatalog.Resolve(name);
}
