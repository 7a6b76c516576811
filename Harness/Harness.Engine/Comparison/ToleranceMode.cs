namespace Harness.Comparison;

/// <summary>How a <see cref="Tolerance"/> decides whether an element is close enough.</summary>
public enum ToleranceMode
{
    /// <summary>|actual - expected| &lt;= atol + rtol * |expected| (torch.testing.assert_close).</summary>
    AllClose,

    /// <summary>Distance in units in the last place of the case's dtype &lt;= maxUlps.</summary>
    Ulp,

    /// <summary>The conditioning-aware bound k * eps * scale_i (see <see cref="ErrorModel"/>).</summary>
    Model,
}
