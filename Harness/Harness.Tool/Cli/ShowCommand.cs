using System.CommandLine;
using System.Globalization;
using Harness.Cases;
using Harness.Comparison;
using Harness.Fixtures;
using Harness.Oracles;
using Harness.Settings;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// `harness show FIXTURE`: the case, then an element-by-element comparison, worst first: the subject's value (as
/// saved, or recomputed with --subject), torch's now, the high-precision truth; abs, rel and ULP error against
/// torch; what the tolerance in force allows; pass or fail. Long tensors show the worst --rows elements and a count
/// of the rest. The fixture's own subject runs too (when trusted, see SubjectTrust): if it throws, show says so
/// instead of printing a table of saved values, and exits 1.
/// </summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new SharedOptions();
        var file = new Argument<string>("fixture") { Description = "The fixture file" };
        var rows = new Option<int>("--rows") { Description = "Elements to list, worst first (0: all)", DefaultValueFactory = _ => 20, HelpName = "N" };
        var subject = new Option<string?>("--subject") { Description = "Recompute the subject's values with this subject instead of showing the saved ones", HelpName = "NAME|DLL:TYPE" };
        var trust = new Option<bool>("--trust-subjects") { Description = "Run the fixture's own subject DLL even when it lies outside the repository holding the fixture" };
        var command = new Command("show", "Print a fixture's case and an element-by-element comparison, worst first");
        command.Arguments.Add(file);
        command.Options.Add(rows);
        command.Options.Add(subject);
        command.Options.Add(shared.Profile);
        command.Options.Add(shared.Tolerances);
        command.Options.Add(shared.Tolerance);
        command.Options.Add(shared.ToleranceMode);
        command.Options.Add(trust);
        command.SetAction(r =>
        {
            string typed = r.GetValue(file)!;
            string path = Path.GetFullPath(typed, context.WorkingDirectory);
            if (!File.Exists(path)) throw UsageException.ForMissingPath("fixture file", typed);
            int limit = r.GetValue(rows);
            if (limit < 0) throw UsageException.ForOption("--rows", "0 (all) or more", limit.ToString(CultureInfo.InvariantCulture));
            FixtureItem item = context.Fixtures.Load(path, typed);
            if (item.Fixture is not { } fixture) throw UsageException.ForProblem($"{typed}: {item.Error?.Message ?? "unreadable"}");
            var recompute = r.GetValue(subject) is { } name ? SubjectOptions.Resolve([name], context.WorkingDirectory)[0] : null;
            // Judged as replay judges it: an explicit profile or tolerance wins, else the profile the fixture recorded,
            // else the default for its subject (strict for a built-in kernel, parity for any other).
            SettingsInputs inputs = shared.ReadSettings(r);
            bool chosen = inputs.NamesStandard || ProfileChoice.NamedByEnvironment(context.Environment);
            if (!chosen && fixture.Profile is { } recorded) inputs = inputs with { Profile = recorded };
            ResolvedSettings settings = SettingsLayers.Resolve(inputs, context.Environment, context.WorkingDirectory, 0, [recompute?.Spec ?? fixture.Subject]);
            if (!chosen && fixture.Profile is not null) settings = settings with { ProfileSource = "recorded in the fixture" };
            (string Name, double[] Values) shown = (fixture.Subject + " (saved)", fixture.Actual);
            string? now;
            if (recompute is not null)
            {
                now = Run(recompute, fixture, out double[]? values);
                shown = (recompute.Name, values ?? Enumerable.Repeat(double.NaN, fixture.Case.Count).ToArray());
            }
            else
            {
                now = RunSaved(context, item, r.GetValue(trust));
            }
            Print(context.Terminal, typed, fixture, settings.Tolerances.For(fixture.Case), settings.ProfileLine, limit, shown, now);
            return now is not null && now.Contains(" threw ", StringComparison.Ordinal) ? ExitCodes.Mismatches : ExitCodes.Passed;
        });
        return command;
    }

    // The subject now: null when it returned, "NAME threw TYPE: message" when it threw.
    private static string? Run(KernelSubject subject, FixtureView fixture, out double[]? values)
    {
        try
        {
            values = subject.Evaluate(fixture.Case);
            return null;
        }
        catch (Exception e)
        {
            values = null;
            return $"{subject.Name} threw {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
        }
    }

    // The saved values are shown; the fixture's own subject still runs (when trusted) so that a subject that now
    // throws is said to, rather than a table of stale values.
    private static string? RunSaved(CliContext context, FixtureItem item, bool trustSubjects)
    {
        FixtureView fixture = item.Fixture!;
        try
        {
            if (!trustSubjects) context.Fixtures.CheckTrust(item);
            KernelSubject saved = SubjectOptions.Resolve([fixture.Subject], context.WorkingDirectory)[0];
            return Run(saved, fixture, out _);
        }
        catch (Exception e) when (e is UntrustedSubjectException or SubjectLoadException)
        {
            return "not run: " + e.Message.ReplaceLineEndings(" ");
        }
    }

    private static void Print(Terminal t, string path, FixtureView f, Tolerance tolerance, string standard, int limit, (string Name, double[] Values) subject, string? now)
    {
        Case c = f.Case;
        double[] torch = new TorchOracle().Evaluate(c);
        double[] truth = Truth.Create().Evaluate(c);
        int torchMoved = torch.Zip(f.Expected).Count(p => BitConverter.DoubleToInt64Bits(p.First) != BitConverter.DoubleToInt64Bits(p.Second));
        t.Out.WriteLine($"{path}: {c.Kind}, shape [{string.Join(", ", c.Shape)}], dim {c.Dim}, regime {(c.Regime.Length == 0 ? "-" : c.Regime)}");
        t.Out.WriteLine($"  subject:    {subject.Name}");
        if (now is not null) t.Out.WriteLine($"  now:        {now}");
        t.Out.WriteLine($"  token:      {f.ReplayToken}");
        t.Out.WriteLine($"  tolerance:  {ToleranceSpec.Format(tolerance)} (in force now; saved with {ToleranceSpec.Format(f.Tolerance)})");
        t.Out.WriteLine($"  standard:   {standard}");
        t.Out.WriteLine($"  torch:      libtorch {TorchOracle.LibTorchVersion} now; " +
            (torchMoved == 0 ? "same bits as saved" : $"{torchMoved} of {c.Count} elements differ from the saved output"));
        t.Out.WriteLine($"  x:          {Preview(c.X)}");
        if (c.Dy is not null) t.Out.WriteLine($"  dy:         {Preview(c.Dy)}");
        t.Out.WriteLine();

        if (now is not null && now.Contains(" threw ", StringComparison.Ordinal))
        {
            t.Out.WriteLine($"The subject threw, so there is nothing to compare: {now}");
            return;
        }
        var rows = ElementRows.Build(c, torch, subject.Values, truth, tolerance);
        int failing = rows.Count(r => !r.Passed);
        t.Out.WriteLine($"{failing} of {c.Count} elements outside {tolerance}, worst first:");
        var shown = limit == 0 ? rows : rows.Take(limit).ToList();
        string[] header = ["index", "subject", "torch", "truth", "abs err", "rel err", "ULP", "allowed", "ok"];
        var cells = shown.Select(r => (IReadOnlyList<string>)
        [
            "[" + string.Join(",", r.MultiIndex) + "]", Number(r.Subject), Number(r.Torch), r.Truth is double v ? Number(v) : "-",
            Formatting.Error(r.AbsError), Formatting.Error(r.RelError), Formatting.Ulps(r.UlpError),
            tolerance.Mode == ToleranceMode.Ulp ? Formatting.Ulps(r.Allowed) + " ULP" : Formatting.Error(r.Allowed),
            r.Passed ? "pass" : "FAIL",
        ]).ToList();
        foreach (string line in Formatting.Align(header, cells, new HashSet<int> { 1, 2, 3, 4, 5, 6, 7 })) t.Out.WriteLine(line);
        int rest = rows.Count - shown.Count;
        if (rest > 0)
        {
            int restFailing = rows.Skip(shown.Count).Count(r => !r.Passed);
            t.Out.WriteLine($"... {rest} more elements ({(restFailing == 0 ? "all within tolerance" : $"{restFailing} failing")}; --rows 0 lists all)");
        }
    }

    // Long rows: the first 8 and the last 4 values.
    private static string Preview(double[] values)
    {
        if (values.Length <= 16) return "[" + string.Join(", ", values.Select(Number)) + "]";
        return "[" + string.Join(", ", values.Take(8).Select(Number)) + $", ... ({values.Length - 12} more) ..., " +
            string.Join(", ", values.TakeLast(4).Select(Number)) + "]";
    }

    private static string Number(double v) => v switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
