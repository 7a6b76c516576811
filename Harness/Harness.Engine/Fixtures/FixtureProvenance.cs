using System.Reflection;
using Harness.Oracles;

namespace Harness.Fixtures;

/// <summary>Where and when a fixture was saved: the oracle's libtorch version, the harness version, libtorch's thread
/// count and CPU capability (both can change the last bits of the oracle's output), and the UTC date.</summary>
public sealed record FixtureProvenance(string TorchVersion, string HarnessVersion, int Threads, string CpuCapability, DateTimeOffset Date)
{
    /// <summary>This process: <see cref="TorchOracle.LibTorchVersion"/>, the Harness assembly's informational version,
    /// <see cref="TorchOracle.Threads"/> (0 when no oracle was created yet), <see cref="TorchOracle.CpuCapability"/>, now.</summary>
    public static FixtureProvenance Current() =>
        new(TorchOracle.LibTorchVersion, CurrentHarnessVersion(), TorchOracle.Threads, TorchOracle.CpuCapability, DateTimeOffset.UtcNow);

    /// <summary>The Harness assembly's informational version (e.g. "0.1.0+3f2a..."), else its assembly version.</summary>
    public static string CurrentHarnessVersion()
    {
        Assembly assembly = typeof(FixtureProvenance).Assembly;
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
    }
}
