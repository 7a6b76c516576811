using BenchmarkDotNet.Attributes;
using Harness.Cases;
using Reference;
using Reference.Accurate;
using Reference.Vectorized;

namespace Benchmarks;

/// <summary>The pure C# kernels: the scalar specification and the vectorised kernel, forward and forward+backward
/// (backward from the forward output, as autograd does), single-threaded.</summary>
[Config(typeof(KernelConfig))]
public class KernelBenchmarks
{
    private readonly ISoftmaxKernel _accurate = new AccurateKernel();
    private readonly ISoftmaxKernel _vectorized = new VectorizedKernel();
    private float[] _x32 = [], _y32 = [], _dy32 = [], _dx32 = [];
    private double[] _x64 = [], _y64 = [], _dy64 = [], _dx64 = [];
    private int[] _shape = [];

    [Params(Shapes.Tiny, Shapes.Small, Shapes.Medium, Shapes.Large, Shapes.Vocabulary)]
    public string Shape { get; set; } = Shapes.Tiny;

    [Params(DType.Float32, DType.Float64)]
    public DType DType { get; set; }

    [Params(SoftmaxOp.Softmax, SoftmaxOp.LogSoftmax)]
    public SoftmaxOp Op { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (int rows, int columns) = Shapes.Parse(Shape);
        _shape = [rows, columns];
        int n = rows * columns;
        _x64 = Shapes.Logits(n, Shapes.Seed);
        _dy64 = Shapes.Normal(n, Shapes.Seed + 1);
        _y64 = new double[n];
        _dx64 = new double[n];
        _x32 = Array.ConvertAll(_x64, v => (float)v);
        _dy32 = Array.ConvertAll(_dy64, v => (float)v);
        _y32 = new float[n];
        _dx32 = new float[n];
    }

    [Benchmark]
    public void AccurateForward() => Forward(_accurate);

    [Benchmark]
    public void AccurateForwardBackward() => ForwardBackward(_accurate);

    [Benchmark]
    public void VectorizedForward() => Forward(_vectorized);

    [Benchmark]
    public void VectorizedForwardBackward() => ForwardBackward(_vectorized);

    private void Forward(ISoftmaxKernel kernel)
    {
        if (DType == DType.Float32) kernel.Forward(Op, _x32, _y32, _shape, -1);
        else kernel.Forward(Op, _x64, _y64, _shape, -1);
    }

    private void ForwardBackward(ISoftmaxKernel kernel)
    {
        if (DType == DType.Float32)
        {
            kernel.Forward(Op, _x32, _y32, _shape, -1);
            kernel.Backward(Op, _y32, _dy32, _dx32, _shape, -1);
        }
        else
        {
            kernel.Forward(Op, _x64, _y64, _shape, -1);
            kernel.Backward(Op, _y64, _dy64, _dx64, _shape, -1);
        }
    }
}
