using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Harness.Cases;

namespace Benchmarks;

/// <summary>
/// The memory-bandwidth floor of this machine for the two large float32 shapes, measured in the same run as the
/// kernels: the least traffic any softmax must make. Forward reads x and writes y (a copy); forward+backward also
/// reads y and dy and writes dx (one element-wise add). The summary reports the vectorised kernel against it
/// (issue target: at most 2x).
/// </summary>
[Config(typeof(KernelConfig))]
public class MemoryFloorBenchmarks
{
    private float[] _x = [], _y = [], _dy = [], _dx = [];

    /// <summary>The shapes with a floor (the libtorch children time it beside the kernels for these, float32).</summary>
    public static readonly IReadOnlyList<string> FloorShapes = [Shapes.Large, Shapes.Vocabulary];

    [Params(Shapes.Large, Shapes.Vocabulary)]
    public string Shape { get; set; } = Shapes.Large;

    [Params(DType.Float32)]
    public DType DType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int n = Shapes.Elements(Shape);
        _x = Array.ConvertAll(Shapes.Logits(n, Shapes.Seed), v => (float)v);
        _dy = Array.ConvertAll(Shapes.Normal(n, Shapes.Seed + 1), v => (float)v);
        _y = new float[n];
        _dx = new float[n];
    }

    [Benchmark]
    public void FloorForward() => _x.AsSpan().CopyTo(_y);

    [Benchmark]
    public void FloorForwardBackward()
    {
        _x.AsSpan().CopyTo(_y);
        TensorPrimitives.Add(_y, _dy, _dx);
    }
}
