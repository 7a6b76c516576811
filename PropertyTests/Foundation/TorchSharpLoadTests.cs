using Harness.Oracles;
using TorchSharp;

namespace PropertyTests.Foundation;

/// <summary>libtorch loads through TorchSharp on this system (needs the libstdc++ fix on Debian 12 / Ubuntu 22.04).</summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void LibTorch_loads_and_reports_version_2_10_0()
    {
        Assert.Equal("2.10.0.0", torch.__version__);
    }

    [Fact]
    public void Oracle_pins_the_thread_count_it_records()
    {
        _ = new TorchOracle(threads: 1);
        Assert.Equal(torch.get_num_threads(), TorchOracle.Threads);
        Assert.True(TorchOracle.Threads >= 1);
    }
}
