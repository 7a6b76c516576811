using Harness.Cases;
using Harness.Oracles;
using Harness.Subjects;
using Reference;
using Reference.Accurate;

namespace PropertyTests.Foundation;

/// <summary>The seed documents' worked examples, checked against TorchSharp and against the pure C# kernels.</summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Evaluators => new() { "torch", "accurate" };

    private static ICaseEvaluator Evaluator(string name) =>
        name == "torch" ? new TorchOracle() : new KernelSubject(new AccurateKernel());

    [Theory]
    [MemberData(nameof(Evaluators))]
    public void Softmax_of_2x2_matches_the_seed_values(string evaluator)
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [2, 2], -1, GoldenValues.Softmax2x2Input, null);
        AssertClose(GoldenValues.Softmax2x2Output, Evaluator(evaluator).Evaluate(c), GoldenValues.PrintedPrecision);
    }

    [Theory]
    [MemberData(nameof(Evaluators))]
    public void Softmax_backward_of_2x2_matches_the_seed_values(string evaluator)
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [2, 2], 1, GoldenValues.Softmax2x2Input, GoldenValues.Softmax2x2Dy);
        AssertClose(GoldenValues.Softmax2x2Dx, Evaluator(evaluator).Evaluate(c), GoldenValues.PrintedPrecision);
    }

    [Theory]
    [MemberData(nameof(Evaluators))]
    public void Softmax_of_1_2_3_matches_the_seed_values(string evaluator)
    {
        var c = new Case(SoftmaxOp.Softmax, Pass.Forward, DType.Float64, [3], 0, GoldenValues.Softmax123Input, null);
        AssertClose(GoldenValues.Softmax123Output, Evaluator(evaluator).Evaluate(c), GoldenValues.PrintedPrecision);
    }

    /// <summary>Row k of the Jacobian is the backward pass with a one-hot upstream gradient e_k (J is symmetric).</summary>
    [Theory]
    [MemberData(nameof(Evaluators))]
    public void Softmax_Jacobian_at_1_2_3_matches_the_seed_values(string evaluator)
    {
        var jacobian = new double[9];
        for (int k = 0; k < 3; k++)
        {
            var oneHot = new double[3];
            oneHot[k] = 1;
            var c = new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [3], 0, GoldenValues.Softmax123Input, oneHot);
            Evaluator(evaluator).Evaluate(c).CopyTo(jacobian, 3 * k);
        }
        AssertClose(GoldenValues.Jacobian123, jacobian, GoldenValues.PrintedPrecision);
    }

    [Fact]
    public void Backward_from_a_given_output_matches_the_seed_values()
    {
        var dx = new double[3];
        new AccurateKernel().Backward(SoftmaxOp.Softmax, GoldenValues.OutputA, GoldenValues.OutputGradient, dx, [3], 0);
        AssertClose(GoldenValues.InputGradient, dx, GoldenValues.ExactDecimalPrecision);
    }

    /// <summary>TorchSharp's autograd reaches the same dL/dZ from z = log(A), where softmax(z) = A.</summary>
    [Fact]
    public void Backward_from_a_given_output_matches_torch_autograd()
    {
        double[] z = Array.ConvertAll(GoldenValues.OutputA, Math.Log);
        var c = new Case(SoftmaxOp.Softmax, Pass.Backward, DType.Float64, [3], 0, z, GoldenValues.OutputGradient);
        AssertClose(GoldenValues.InputGradient, new TorchOracle().Evaluate(c), 1e-12);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"Element {i}: expected {expected[i]:R}, actual {actual[i]:R}, |diff| {Math.Abs(expected[i] - actual[i]):R} > {tolerance:R}");
        }
    }
}
