using System.CommandLine;
using Harness.Oracles;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// `harness replay [FILES|DIRS]`: replays fixture files (default: the fixture folder) through subject, torch and
/// comparison under the tolerances in force now; one line per fixture. Exit 0 when all pass, 1 when any fails
/// (a malformed file is a failure naming the file; the rest still run), 2 on bad input.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new SharedOptions();
        var paths = new Argument<string[]>("paths") { Description = "Fixture files or folders (default: the fixture folder)", Arity = ArgumentArity.ZeroOrMore };
        var subject = new Option<string?>("--subject") { Description = "Replay against this subject instead of the one each fixture names (built-in name or path.dll:Type)", HelpName = "NAME|DLL:TYPE" };
        var command = new Command("replay", "Replay saved fixtures; a line per fixture");
        command.Arguments.Add(paths);
        command.Options.Add(subject);
        command.Options.Add(shared.Profile);
        command.Options.Add(shared.Tolerances);
        command.Options.Add(shared.Tolerance);
        command.Options.Add(shared.ToleranceMode);
        command.Options.Add(shared.Fixtures);
        command.Options.Add(shared.Threads);
        command.SetAction(r =>
        {
            string[]? named = r.GetValue(subject) is { } n ? [n] : null;
            ResolvedSettings settings = SettingsLayers.Resolve(shared.ReadSettings(r), context.Environment, context.WorkingDirectory, 0, named);
            // Until fixtures record their profile: a fixture of a kernel that is not built in is judged as check
            // judged it by default, under parity (unless --profile, HARNESS_PROFILE or --subject says otherwise).
            ResolvedSettings? users = named is null && settings.ProfileSource.StartsWith("default", StringComparison.Ordinal)
                ? SettingsLayers.Resolve(shared.ReadSettings(r), context.Environment, context.WorkingDirectory, 0, [UserKernelPlaceholder])
                : null;
            string[] given = r.GetValue(paths) is { Length: > 0 } p ? p : [settings.FixturesDirectory];
            var full = given.Select(g => Path.GetFullPath(g, context.WorkingDirectory)).ToList();
            foreach (var (path, typed) in full.Zip(given))
            {
                if (!File.Exists(path) && !Directory.Exists(path)) throw UsageException.ForMissingPath("fixture file or folder", typed);
            }
            KernelSubject? over = r.GetValue(subject) is { } name ? SubjectOptions.Resolve([name], context.WorkingDirectory)[0] : null;
            return Execute(context, full, over, settings, shared.ReadThreads(r), users);
        });
        return command;
    }

    // Any spec that is not a built-in name: it selects the profile a user's kernel gets by default.
    private const string UserKernelPlaceholder = "kernel.dll:Kernel";

    private static int Execute(CliContext context, IReadOnlyList<string> paths, KernelSubject? over, ResolvedSettings settings, int threads, ResolvedSettings? users = null)
    {
        Terminal t = context.Terminal;
        var oracle = new TorchOracle(threads);
        var items = paths.SelectMany(context.Fixtures.Load).ToList();
        if (items.Count == 0)
        {
            t.Out.WriteLine($"No fixture files in {string.Join(", ", paths.Select(p => Path.GetRelativePath(context.WorkingDirectory, p)))}");
            return ExitCodes.Passed;
        }
        var subjects = new Dictionary<string, KernelSubject>();
        int failed = 0;
        foreach (FixtureItem item in items)
        {
            string shown = Path.GetRelativePath(context.WorkingDirectory, item.Path);
            bool user = users is not null && item.Fixture is { } fixture && !SubjectCatalog.BuiltInNames.Contains(fixture.Subject);
            (bool passed, string text) = ReplayOne(context, item, over, subjects, oracle, user ? users! : settings);
            if (!passed) failed++;
            t.Out.WriteLine($"{(passed ? "PASS" : "FAIL")}  {shown}  {text}");
        }
        t.Out.WriteLine();
        t.Out.WriteLine($"{items.Count} fixtures: {items.Count - failed} passed, {failed} failed (libtorch {TorchOracle.LibTorchVersion}, {settings.ProfileLine})");
        if (users is not null && items.Any(i => i.Fixture is { } f && !SubjectCatalog.BuiltInNames.Contains(f.Subject)))
        {
            t.Out.WriteLine($"Fixtures of kernels that are not built in: {users.ProfileLine}");
        }
        return failed == 0 ? ExitCodes.Passed : ExitCodes.Mismatches;
    }

    private static (bool Passed, string Text) ReplayOne(CliContext context, FixtureItem item, KernelSubject? over,
        Dictionary<string, KernelSubject> subjects, TorchOracle oracle, ResolvedSettings settings)
    {
        if (item.Fixture is not { } f) return (false, item.Error?.Message ?? "unreadable");
        KernelSubject subject;
        try
        {
            subject = over ?? (subjects.TryGetValue(f.Subject, out var known) ? known
                : subjects[f.Subject] = SubjectOptions.Resolve([f.Subject], context.WorkingDirectory)[0]);
        }
        catch (SubjectLoadException e)
        {
            return (false, $"{f.Case.Kind}: {e.Message} (use --subject)");
        }
        var (passed, text) = context.Fixtures.Replay(item, subject, oracle, settings.Tolerances.For(f.Case));
        return (passed, $"{f.Case.Kind} [{string.Join(", ", f.Case.Shape)}] {subject.Name}: {text}");
    }
}
