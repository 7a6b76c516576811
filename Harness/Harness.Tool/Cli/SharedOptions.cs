using System.CommandLine;
using System.CommandLine.Parsing;

namespace Harness.Cli;

/// <summary>Options several commands share. Each call makes a new instance: one option belongs to one command.</summary>
internal sealed class SharedOptions
{
    public Option<string[]> Subject { get; } = new("--subject")
    {
        Description = "Subject to check: a built-in name (accurate, tensorprimitives) or path/to/Kernels.dll:Namespace.Type; repeatable",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "NAME|DLL:TYPE",
    };

    public Option<string> Op { get; } = new("--op") { Description = "softmax, log_softmax or all (comma-separated)", DefaultValueFactory = _ => "all", HelpName = "OP" };
    public Option<string> Pass { get; } = new("--pass") { Description = "forward, backward or all", DefaultValueFactory = _ => "all", HelpName = "PASS" };
    public Option<string> DType { get; } = new("--dtype") { Description = "float32, float64 or all", DefaultValueFactory = _ => "all", HelpName = "DTYPE" };
    public Option<int?> Cases { get; } = new("--cases") { Description = "Cases per op x pass x dtype x subject", HelpName = "N" };
    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Seed of the case stream (default: HARNESS_SEED, else a fixed seed)", HelpName = "SEED" };
    public Option<int?> MaxElements { get; } = new("--max-elements") { Description = "Cap on the elements of one case (default: HARNESS_MAX_ELEMENTS, else 65536)", HelpName = "N" };
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads (set before any torch call)", DefaultValueFactory = _ => 1, HelpName = "N" };
    public Option<int?> Workers { get; } = new("--workers") { Description = "Engine worker threads (default: the processor count)", HelpName = "N" };
    public Option<string?> Profile { get; } = new("--profile") { Description = "Standard to judge by: parity (as accurate as PyTorch; default for a kernel that is not built in) or strict (near-correctly rounded; default for the built-in kernels). Default: HARNESS_PROFILE, else by subject", HelpName = "PROFILE" };
    public Option<string?> Tolerances { get; } = new("--tolerances") { Description = "Custom tolerance file, used instead of the profile's built-in one (default: HARNESS_TOLERANCES)", HelpName = "FILE" };
    public Option<string[]> Tolerance { get; } = new("--tolerance")
    {
        Description = "Override one entry (or all): KEY=SPEC, e.g. softmax/forward/float32=ulp:4, all=model:8, log_softmax/backward/float64=allclose:atol=1e-7,rtol=1e-7; repeatable",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "KEY=SPEC",
    };
    public Option<string?> ToleranceMode { get; } = new("--tolerance-mode") { Description = "Switch every entry to allclose, ulp or model, with the parameters stored in the file", HelpName = "MODE" };
    public Option<string?> Fixtures { get; } = new("--fixtures") { Description = "Fixture folder (default: HARNESS_FIXTURES, else ./harness-fixtures; the built-in kernels run from this repository's build: its fixtures/)", HelpName = "DIR" };

    /// <summary>What `check` and `tune` both take, in this order: subjects, selection, cases, settings, threads, workers.</summary>
    public void AddRunTo(Command command)
    {
        command.Options.Add(Subject);
        AddSelectionTo(command);
        command.Options.Add(Cases);
        AddSettingsTo(command);
        command.Options.Add(Threads);
        command.Options.Add(Workers);
    }

    public void AddSettingsTo(Command command)
    {
        command.Options.Add(Seed);
        command.Options.Add(MaxElements);
        command.Options.Add(Profile);
        command.Options.Add(Tolerances);
        command.Options.Add(Tolerance);
        command.Options.Add(ToleranceMode);
    }

    public void AddSelectionTo(Command command)
    {
        command.Options.Add(Op);
        command.Options.Add(Pass);
        command.Options.Add(DType);
    }

    public SettingsInputs ReadSettings(ParseResult r) => new()
    {
        Profile = r.GetValue(Profile),
        TolerancesFile = r.GetValue(Tolerances),
        ToleranceOverrides = r.GetValue(Tolerance) ?? [],
        ToleranceMode = r.GetValue(ToleranceMode),
        Seed = r.GetValue(Seed),
        MaxElements = r.GetValue(MaxElements),
        Fixtures = r.GetValue(Fixtures),
    };

    public int ReadThreads(ParseResult r) => Positive("--threads", r.GetValue(Threads)) ?? 1;

    public int ReadWorkers(ParseResult r) => Positive("--workers", r.GetValue(Workers)) ?? Math.Max(1, Environment.ProcessorCount);

    public static int? Positive(string option, int? value)
    {
        if (value is int v && v < 1) throw UsageException.ForOption(option, "a whole number of at least 1", v.ToString());
        return value;
    }
}
