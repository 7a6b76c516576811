using Reference;

namespace PropertyTests.Fixtures;

/// <summary>A subject that throws on every case, as a user's kernel might on a shape it does not expect: replay and
/// show must fail its fixture, not the run. Test-only.</summary>
public sealed class ThrowingKernel : ISoftmaxKernel
{
    public const string Message = "planted: this kernel throws on every case";

    public string Name => "throwing";

    public void Forward(SoftmaxOp op, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int dim) => throw new ArgumentException(Message);

    public void Forward(SoftmaxOp op, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<int> shape, int dim) => throw new ArgumentException(Message);

    public void Backward(SoftmaxOp op, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int dim) => throw new ArgumentException(Message);

    public void Backward(SoftmaxOp op, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, ReadOnlySpan<int> shape, int dim) => throw new ArgumentException(Message);

    /// <summary>The spec a fixture records for this kernel: the test assembly's path and the type.</summary>
    public static string Spec => $"{typeof(ThrowingKernel).Assembly.Location}:{typeof(ThrowingKernel).FullName}";
}
