namespace Harness.Cases;

/// <summary>Which pass of the op a case checks.</summary>
public enum Pass
{
    /// <summary>y = op(x).</summary>
    Forward,

    /// <summary>dx from x and dy, end to end: each side's own forward output feeds its backward, as autograd does.</summary>
    Backward,
}
