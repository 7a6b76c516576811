using BenchmarkDotNet.Attributes;
using Harness.Cases;
using Harness.Oracles;
using Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Benchmarks;

/// <summary>
/// libtorch's compute only, single-threaded: tensors are created in the setup; forward is one softmax/log_softmax
/// call on an input that does not require grad; forward+backward runs the forward on an input that requires grad and autograd's backward
/// with a precreated dy (torch.autograd.grad, so x.grad does not accumulate across iterations). Each iteration's
/// tensors go with its dispose scope. Run only through <see cref="TorchProcesses"/> (a fresh process per launch).
/// </summary>
public class TorchBenchmarks
{
    private Tensor? _x, _xGrad, _dy;

    [Params(Shapes.Tiny, Shapes.Small, Shapes.Medium, Shapes.Large, Shapes.Vocabulary)]
    public string Shape { get; set; } = Shapes.Tiny;

    [Params(DType.Float32, DType.Float64)]
    public DType DType { get; set; }

    [Params(SoftmaxOp.Softmax, SoftmaxOp.LogSoftmax)]
    public SoftmaxOp Op { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        (int rows, int columns) = Shapes.Parse(Shape);
        ScalarType type = DType == DType.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        _x = Load(Shapes.Logits(rows * columns, Shapes.Seed), rows, columns, type);
        _xGrad = Load(Shapes.Logits(rows * columns, Shapes.Seed), rows, columns, type).requires_grad_(true);
        _dy = Load(Shapes.Normal(rows * columns, Shapes.Seed + 1), rows, columns, type);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x?.Dispose();
        _xGrad?.Dispose();
        _dy?.Dispose();
    }

    [Benchmark]
    public void TorchForward()
    {
        using var scope = torch.NewDisposeScope();
        Apply(_x!); // _x does not require grad, so no graph is recorded (a no_grad guard would only add call cost)
    }

    [Benchmark]
    public void TorchForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        Tensor y = Apply(_xGrad!);
        torch.autograd.grad([y], [_xGrad!], [_dy!]);
    }

    private Tensor Apply(Tensor x) =>
        Op == SoftmaxOp.Softmax ? torch.nn.functional.softmax(x, -1) : torch.nn.functional.log_softmax(x, -1);

    private static Tensor Load(double[] values, int rows, int columns, ScalarType type) =>
        TorchOracle.Load(values, [rows, columns], type);
}
