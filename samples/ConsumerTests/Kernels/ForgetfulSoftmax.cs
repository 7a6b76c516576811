namespace ConsumerTests.Kernels;

/// <summary>The same kernel with a planted bug: it forgets to subtract the row's maximum, so exp overflows to
/// infinity once a logit passes about 709 (88 in float) and the row turns to NaN where PyTorch's is finite.</summary>
public sealed class ForgetfulSoftmax : CarefulSoftmax
{
    public override string Name => "forgetful";

    protected override bool SubtractMax => false;
}
