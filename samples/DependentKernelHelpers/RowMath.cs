namespace DependentKernelHelpers;

/// <summary>Row arithmetic a kernel might keep in a library of its own.</summary>
public static class RowMath
{
    public static double LogSumExp(ReadOnlySpan<double> row, double max)
    {
        double sum = 0;
        foreach (double v in row) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
