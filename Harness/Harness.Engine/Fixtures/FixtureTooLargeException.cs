using System.Globalization;

namespace Harness.Fixtures;

/// <summary>
/// A fixture was not saved because the reader would refuse its file (<see cref="FixtureLimits"/>): the store derives
/// its limit from the reader's, so it never writes a file that replay cannot load. An <see cref="IOException"/>, so
/// callers that treat an unwritable store as a warning treat this one the same way.
/// </summary>
public sealed class FixtureTooLargeException : IOException
{
    private FixtureTooLargeException(string message) : base(message) { }

    /// <summary>Message, e.g. "fixture of softmax/backward/float32 shape=[1800000] not saved: its file would be
    /// 92274688 bytes, more than the 67108864 the reader accepts (FixtureLimits.MaxFileBytes); a smaller case
    /// (--max-elements) saves".</summary>
    public static FixtureTooLargeException ForBytes(string caseSummary, long bytes, long limit) =>
        new($"fixture of {caseSummary} not saved: its file would be {N(bytes)} bytes, more than the {N(limit)} the reader accepts (FixtureLimits.MaxFileBytes); a smaller case (--max-elements) saves");

    public static FixtureTooLargeException ForElements(string caseSummary, long count, long limit) =>
        new($"fixture of {caseSummary} not saved: its case has {N(count)} elements, more than the {N(limit)} the reader accepts (FixtureLimits.MaxElements); a smaller case (--max-elements) saves");

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
