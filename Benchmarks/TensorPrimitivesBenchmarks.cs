using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Harness.Cases;

namespace Benchmarks;

/// <summary>System.Numerics.Tensors' TensorPrimitives.SoftMax, row by row (it normalises a whole span): forward
/// softmax only, the one op it offers.</summary>
[Config(typeof(KernelConfig))]
public class TensorPrimitivesBenchmarks
{
    private float[] _x32 = [], _y32 = [];
    private double[] _x64 = [], _y64 = [];
    private int _rows, _columns;

    [Params(Shapes.Tiny, Shapes.Small, Shapes.Medium, Shapes.Large, Shapes.Vocabulary)]
    public string Shape { get; set; } = Shapes.Tiny;

    [Params(DType.Float32, DType.Float64)]
    public DType DType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_rows, _columns) = Shapes.Parse(Shape);
        _x64 = Shapes.Logits(_rows * _columns, Shapes.Seed);
        _y64 = new double[_x64.Length];
        _x32 = Array.ConvertAll(_x64, v => (float)v);
        _y32 = new float[_x32.Length];
    }

    [Benchmark]
    public void TensorPrimitivesForward()
    {
        for (int r = 0; r < _rows; r++)
        {
            if (DType == DType.Float32) TensorPrimitives.SoftMax(_x32.AsSpan(r * _columns, _columns), _y32.AsSpan(r * _columns, _columns));
            else TensorPrimitives.SoftMax(_x64.AsSpan(r * _columns, _columns), _y64.AsSpan(r * _columns, _columns));
        }
    }
}
