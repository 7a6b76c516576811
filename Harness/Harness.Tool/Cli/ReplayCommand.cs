using System.CommandLine;
using System.Diagnostics;
using Harness.Fixtures;
using Harness.Oracles;
using Harness.Subjects;

namespace Harness.Cli;

/// <summary>
/// `harness replay [FILES|DIRS]`: replays fixture files (default: the fixture folder) through subject, torch and
/// comparison under the tolerances in force now; one line per fixture. Files are listed first, then loaded, run and
/// released one at a time (memory stays flat however large the folder). Everything that can go wrong with one
/// fixture (a malformed or edited file, a subject that will not load, is not trusted, or throws) fails that fixture
/// and the rest still run. Exit 0 when all pass, 1 when any fails, 2 on bad usage.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new SharedOptions();
        var paths = new Argument<string[]>("paths") { Description = "Fixture files or folders (default: the fixture folder)", Arity = ArgumentArity.ZeroOrMore };
        var subject = new Option<string?>("--subject") { Description = "Replay against this subject instead of the one each fixture names (built-in name or path.dll:Type)", HelpName = "NAME|DLL:TYPE" };
        var trust = new Option<bool>("--trust-subjects") { Description = "Run the DLL a fixture names even when it lies outside the repository holding the fixture (a fixture's DLL is code)" };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML: one testcase per fixture file (also written, saying why, when the run ends with exit 2)", HelpName = "FILE" };
        var command = new Command("replay", "Replay saved fixtures; a line per fixture");
        command.Arguments.Add(paths);
        command.Options.Add(subject);
        command.Options.Add(shared.Profile);
        command.Options.Add(trust);
        command.Options.Add(junit);
        command.Options.Add(shared.Tolerances);
        command.Options.Add(shared.Tolerance);
        command.Options.Add(shared.ToleranceMode);
        command.Options.Add(shared.Fixtures);
        command.Options.Add(shared.Threads);
        command.SetAction(r =>
        {
            string[]? named = r.GetValue(subject) is { } n ? [n] : null;
            ResolvedSettings settings = SettingsLayers.Resolve(shared.ReadSettings(r), context.Environment, context.WorkingDirectory, 0, named);
            // A fixture without a recorded profile, of a kernel that is not built in, is judged as check judged it by
            // default: under parity (unless --profile, HARNESS_PROFILE or --subject says otherwise).
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
            var options = new Options(over, r.GetValue(trust), r.GetValue(junit) is { } j ? Path.GetFullPath(j, context.WorkingDirectory) : null);
            return Execute(context, full, options, new ProfileSettings(settings, users, Recorded(shared, r, context)), shared.ReadThreads(r));
        });
        return command;
    }

    // Any spec that is not a built-in name: it selects the profile a user's kernel gets by default.
    private const string UserKernelPlaceholder = "kernel.dll:Kernel";

    /// <summary>The settings a fixture is judged by: the run's (an explicit --profile, HARNESS_PROFILE, --subject or
    /// tolerance option), else the profile the fixture recorded when it was saved, else the default for its subject
    /// (<paramref name="Users"/> for a kernel that is not built in).</summary>
    private sealed record ProfileSettings(ResolvedSettings Run, ResolvedSettings? Users, Func<string, ResolvedSettings?>? ByRecordedProfile)
    {
        public ResolvedSettings For(FixtureView f)
        {
            if (ByRecordedProfile is not null && f.Profile is { } recorded && ByRecordedProfile(recorded) is { } settings) return settings;
            return Users is not null && !SubjectCatalog.BuiltInNames.Contains(f.Subject) ? Users : Run;
        }
    }

    /// <summary>Settings per recorded profile name, when nothing on the command line or in the environment chose the
    /// profile or the tolerances (those win over what a fixture recorded); null otherwise.</summary>
    private static Func<string, ResolvedSettings?>? Recorded(SharedOptions shared, ParseResult r, CliContext context)
    {
        SettingsInputs inputs = shared.ReadSettings(r);
        if (inputs.NamesStandard || Settings.ProfileChoice.NamedByEnvironment(context.Environment)) return null;
        var cache = new Dictionary<string, ResolvedSettings?>();
        return name =>
        {
            if (cache.TryGetValue(name, out ResolvedSettings? known)) return known;
            if (name is not ("parity" or "strict")) return cache[name] = null;
            return cache[name] = SettingsLayers.Resolve(inputs with { Profile = name }, context.Environment, context.WorkingDirectory, 0, [UserKernelPlaceholder]);
        };
    }

    /// <summary>Elements from which a fixture counts as large (2 MiB per float64 array; its file is some 10 MB).</summary>
    private const int LargeCase = 1 << 18;

    private sealed record Options(KernelSubject? Subject, bool TrustSubjects, string? JUnitPath);

    private static int Execute(CliContext context, IReadOnlyList<string> paths, Options options, ProfileSettings profiles, int threads)
    {
        Terminal t = context.Terminal;
        var oracle = new TorchOracle(threads);
        var subjects = new Dictionary<string, KernelSubject>();
        var results = new List<JUnitWriter.ReplayResult>();
        var total = Stopwatch.StartNew();
        int count = 0, failed = 0;
        foreach (string file in paths.SelectMany(context.Fixtures.Files))
        {
            // One fixture at a time: loaded, run, reported, then nothing of it is kept but its line.
            string shown = Path.GetRelativePath(context.WorkingDirectory, file).Replace('\\', '/');
            var clock = Stopwatch.StartNew();
            (string? failure, string text, int elements) = ReplayOne(context, file, shown, options, subjects, oracle, profiles);
            // A large fixture's buffers (file bytes, document, value arrays) sit in the large object heap, which only
            // a full collection frees: collect now, so the next large one reuses that memory instead of adding to it.
            if (elements >= LargeCase) GC.Collect();
            count++;
            if (failure is not null) failed++;
            t.Out.WriteLine($"{(failure is null ? "PASS" : "FAIL")}  {shown}  {text}");
            results.Add(new JUnitWriter.ReplayResult(shown, failure, failure is null ? null : text, clock.Elapsed));
        }
        if (options.JUnitPath is { } junit) JUnitWriter.WriteReplay(junit, results, total.Elapsed);
        if (count == 0)
        {
            t.Out.WriteLine($"No fixture files in {string.Join(", ", paths.Select(p => Path.GetRelativePath(context.WorkingDirectory, p)))}");
            return ExitCodes.Passed;
        }
        t.Out.WriteLine();
        t.Out.WriteLine($"{count} fixtures: {count - failed} passed, {failed} failed (libtorch {TorchOracle.LibTorchVersion}); " +
            $"each judged by the profile it recorded, else: {profiles.Run.ProfileLine}" +
            (profiles.Users is null ? "" : $" (built-in kernels), {profiles.Users.ProfileLine} (other kernels)"));
        return failed == 0 ? ExitCodes.Passed : ExitCodes.Mismatches;
    }

    /// <returns>The kind of failure (null when the fixture passed: "malformed", "untrusted", "subject", "threw",
    /// "mismatch"), the text after the file name, and the case's element count when it ran.</returns>
    private static (string? Failure, string Text, int Elements) ReplayOne(CliContext context, string file, string shown, Options options,
        Dictionary<string, KernelSubject> subjects, TorchOracle oracle, ProfileSettings profiles)
    {
        FixtureItem item = context.Fixtures.Load(file, shown);
        if (item.Fixture is not { } f) return ("malformed", item.Error?.Message ?? "unreadable", 0);
        ResolvedSettings settings = profiles.For(f);
        string kind = $"{f.Case.Kind} [{string.Join(", ", f.Case.Shape)}]";
        KernelSubject subject;
        try
        {
            if (options.Subject is null && !options.TrustSubjects) context.Fixtures.CheckTrust(item);
            subject = options.Subject ?? (subjects.TryGetValue(f.Subject, out var known) ? known
                : subjects[f.Subject] = SubjectOptions.Resolve([f.Subject], context.WorkingDirectory)[0]);
        }
        catch (UntrustedSubjectException e)
        {
            return ("untrusted", $"{kind}: {e.Message}", 0);
        }
        catch (SubjectLoadException e)
        {
            return ("subject", $"{kind}: {e.Message} (use --subject)", 0);
        }
        try
        {
            var (passed, text) = context.Fixtures.Replay(item, subject, oracle, settings.Tolerances.For(f.Case));
            // The engine reports a subject that threw in the verdict line ("Subject vs torch now: NAME threw ...").
            string failure = text.Contains($" now: {subject.Name} threw ", StringComparison.Ordinal) ? "threw" : "mismatch";
            return (passed ? null : failure, $"{kind} {subject.Name}: {text}", f.Case.Count);
        }
        catch (Exception e)
        {
            // The engine reports a subject that throws; anything else thrown while replaying one fixture (the
            // oracle, the comparison) still fails that fixture only.
            return ("threw", $"{kind} {subject.Name}: threw {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", f.Case.Count);
        }
    }
}
